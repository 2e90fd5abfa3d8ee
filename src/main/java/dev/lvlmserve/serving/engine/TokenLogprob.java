package dev.lvlmserve.serving.engine;

import java.util.List;

/**
 * One generated token's log-probability and the most likely alternatives at its step, with tokens as text (see
 * {@code TextTokenizer.tokenText}). Log-probabilities are of the model's own distribution: before temperature,
 * top-p, penalties and bias.
 */
public record TokenLogprob(String token, double logprob, List<Alternative> top) {

    public record Alternative(String token, double logprob) {}
}
