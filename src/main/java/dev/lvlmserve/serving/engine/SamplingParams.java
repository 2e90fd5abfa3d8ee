package dev.lvlmserve.serving.engine;

/**
 * How a client asked to decode; nulls take the server's defaults (greedy, {@code lvlm.limits.default-max-tokens}).
 * Checked against the limits by {@link InferenceEngine}.
 */
public record SamplingParams(Integer maxTokens, Double temperature, Double topP, Long seed) {
    public static final SamplingParams DEFAULTS = new SamplingParams(null, null, null, null);
}
