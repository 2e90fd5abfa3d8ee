package dev.lvlmserve.model.generate;

/**
 * A chosen token and, when the sequence asked for them, log-probabilities of the step it was chosen at.
 *
 * @param logprobs null unless the options' {@code topLogprobs} is 0 or more
 */
public record SampledToken(long id, Logprobs logprobs) {

    /**
     * Log-probabilities under the model's own next-token distribution (log-softmax of the raw logits: before
     * temperature, top-p, penalties and bias, as vLLM reports them by default).
     *
     * @param logprob the chosen token's
     * @param topIds the most likely tokens, most likely first
     * @param topLogprobs their log-probabilities
     */
    public record Logprobs(float logprob, int[] topIds, float[] topLogprobs) {}
}
