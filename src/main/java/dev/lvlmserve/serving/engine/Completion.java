package dev.lvlmserve.serving.engine;

/**
 * A finished answer.
 *
 * @param variant the variant that answered
 * @param model the variant's base model
 * @param finishReason {@code stop} (end of sequence) or {@code length} (token budget)
 */
public record Completion(String text, String finishReason, int promptTokens, int completionTokens, String variant,
        String model, RequestTimings timings) {}
