package dev.lvlmserve.model.generate;

import java.util.Map;

/**
 * How one sequence is decoded.
 *
 * @param temperature 0 (or less) means greedy; otherwise logits are divided by it before sampling
 * @param topP nucleus sampling mass in (0, 1]; 1 disables it
 * @param seed seeds this sequence's own random stream, so sampling is reproducible regardless of batching
 * @param logitBias token id → value added to that token's logit before it is chosen (OpenAI's {@code logit_bias})
 * @param frequencyPenalty subtracted from a token's logit once per time it was already generated
 * @param presencePenalty subtracted from a token's logit once if it was already generated
 * @param topLogprobs −1: no log-probabilities; 0..20: the chosen token's log-probability and this many
 *     alternatives per step
 */
public record GenerationOptions(int maxNewTokens, double temperature, double topP, long seed,
        Map<Integer, Float> logitBias, double frequencyPenalty, double presencePenalty, int topLogprobs) {
    /** The most alternatives a step reports (OpenAI's limit). */
    public static final int MAX_TOP_LOGPROBS = 20;

    public GenerationOptions {
        if (maxNewTokens < 1) {
            throw new IllegalArgumentException("max_new_tokens must be at least 1, was " + maxNewTokens);
        }
        if (!(topP > 0 && topP <= 1)) {
            throw new IllegalArgumentException("top_p must be in (0, 1], was " + topP);
        }
        if (temperature < 0 || Double.isNaN(temperature)) {
            throw new IllegalArgumentException("temperature must be >= 0, was " + temperature);
        }
        if (!Double.isFinite(frequencyPenalty) || !Double.isFinite(presencePenalty)) {
            throw new IllegalArgumentException("penalties must be finite");
        }
        if (topLogprobs < -1 || topLogprobs > MAX_TOP_LOGPROBS) {
            throw new IllegalArgumentException("top_logprobs must be in [-1, 20], was " + topLogprobs);
        }
        logitBias = logitBias == null ? Map.of() : Map.copyOf(logitBias);
    }

    /** Plain sampling: no bias, no penalties, no log-probabilities. */
    public GenerationOptions(int maxNewTokens, double temperature, double topP, long seed) {
        this(maxNewTokens, temperature, topP, seed, Map.of(), 0, 0, -1);
    }

    public static GenerationOptions greedy(int maxNewTokens) {
        return new GenerationOptions(maxNewTokens, 0, 1, 0);
    }

    public boolean isGreedy() {
        return temperature <= 0;
    }

    public boolean wantsLogprobs() {
        return topLogprobs >= 0;
    }

    /** Whether the logits are changed before choosing (bias or penalties). */
    boolean adjustsLogits() {
        return !logitBias.isEmpty() || frequencyPenalty != 0 || presencePenalty != 0;
    }
}
