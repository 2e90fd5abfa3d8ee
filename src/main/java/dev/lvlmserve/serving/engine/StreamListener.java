package dev.lvlmserve.serving.engine;

import java.util.List;

/**
 * Receives an answer's text as it is generated. Called on the variant's worker thread, so it must only hand the
 * text over (to a queue), never block on a client.
 */
@FunctionalInterface
public interface StreamListener {
    StreamListener NONE = (delta, logprobs) -> {};

    /**
     * @param delta text added since the last call (never text a stop string may still claim)
     * @param logprobs the tokens this text came from, when log-probabilities were asked for; else empty
     */
    void onText(String delta, List<TokenLogprob> logprobs);
}
