package dev.lvlmserve.model.generate;

/**
 * How one sequence is decoded.
 *
 * @param temperature 0 (or less) means greedy; otherwise logits are divided by it before sampling
 * @param topP nucleus sampling mass in (0, 1]; 1 disables it
 * @param seed seeds this sequence's own random stream, so sampling is reproducible regardless of batching
 */
public record GenerationOptions(int maxNewTokens, double temperature, double topP, long seed) {
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
    }

    public static GenerationOptions greedy(int maxNewTokens) {
        return new GenerationOptions(maxNewTokens, 0, 1, 0);
    }

    public boolean isGreedy() {
        return temperature <= 0;
    }
}
