package dev.lvlmserve.serving.engine;

import java.util.List;

/**
 * A finished answer.
 *
 * @param variant the variant that answered
 * @param model the variant's base model
 * @param finishReason {@code stop} (end of sequence or a stop string) or {@code length} (token budget)
 * @param logprobs per returned token, when asked for; null otherwise
 */
public record Completion(String text, String finishReason, int promptTokens, int completionTokens, String variant,
        String model, RequestTimings timings, List<TokenLogprob> logprobs) {

    public Completion(String text, String finishReason, int promptTokens, int completionTokens, String variant,
            String model, RequestTimings timings) {
        this(text, finishReason, promptTokens, completionTokens, variant, model, timings, null);
    }
}
