package dev.lvlmserve.serving.engine;

import dev.lvlmserve.model.generate.GenerationOptions;
import dev.lvlmserve.serving.config.LimitsProperties;
import dev.lvlmserve.serving.error.ServingException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How a client asked to decode; nulls take the server's defaults: greedy (LLaVA's evaluation setting, and what a
 * short visual answer wants), {@code lvlm.limits.default-max-tokens}, top-p 1, a random seed, no stop strings, no
 * bias or penalties, no log-probabilities. The OpenAI-only options (stop ... topLogprobs) are checked against
 * OpenAI's ranges by that API before they get here.
 *
 * @param stop strings that end the answer where they first appear in its text (not included)
 * @param logitBias token id → added to its logit
 * @param topLogprobs null: no log-probabilities; 0..20: the chosen token's and this many alternatives
 */
public record SamplingParams(Integer maxTokens, Double temperature, Double topP, Long seed, List<String> stop,
        Map<Integer, Float> logitBias, Double frequencyPenalty, Double presencePenalty, Integer topLogprobs) {
    public static final SamplingParams DEFAULTS = new SamplingParams(null, null, null, null);

    public SamplingParams {
        stop = stop == null ? List.of() : List.copyOf(stop);
        logitBias = logitBias == null ? Map.of() : Map.copyOf(logitBias);
    }

    /** The options both APIs have. */
    public SamplingParams(Integer maxTokens, Double temperature, Double topP, Long seed) {
        this(maxTokens, temperature, topP, seed, null, null, null, null, null);
    }

    /**
     * Checks the values against the limits and fills the defaults.
     *
     * @param maxTokensField the API's name for the token budget, for the error
     * @throws ServingException 400 for a value out of range
     */
    GenerationOptions toOptions(LimitsProperties limits, String maxTokensField) {
        int max = maxTokens == null ? limits.defaultMaxTokens() : maxTokens;
        if (max < 1 || max > limits.maxMaxTokens()) {
            throw ServingException.badRequest(max < 1 ? "integer_below_min_value" : "integer_above_max_value",
                    maxTokensField + " must be between 1 and " + limits.maxMaxTokens() + ", was " + max + ".",
                    maxTokensField);
        }
        double t = temperature == null ? 0 : temperature;
        if (!(t >= 0 && t <= 2)) {
            throw ServingException.badRequest("invalid_temperature", "temperature must be in [0, 2], was " + t + ".",
                    "temperature");
        }
        double p = topP == null ? 1 : topP;
        if (!(p > 0 && p <= 1)) {
            throw ServingException.badRequest("invalid_top_p", "top_p must be in (0, 1], was " + p + ".", "top_p");
        }
        return new GenerationOptions(max, t, p, seed != null ? seed : ThreadLocalRandom.current().nextLong(),
                logitBias, frequencyPenalty == null ? 0 : frequencyPenalty,
                presencePenalty == null ? 0 : presencePenalty, topLogprobs == null ? -1 : topLogprobs);
    }
}
