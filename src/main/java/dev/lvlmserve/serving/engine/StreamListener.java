package dev.lvlmserve.serving.engine;

/**
 * Receives an answer's text as it is generated. Called on the variant's worker thread, so it must only hand the
 * text over (to a queue), never block on a client.
 */
@FunctionalInterface
public interface StreamListener {
    StreamListener NONE = delta -> {};

    void onText(String delta);
}
