package dev.lvlmserve.serving.metrics;

/**
 * What one finished request reports, in nanoseconds. {@code visionNanos} is 0 when the image features came from the
 * cache (or there was no image), {@code ttftNanos} is 0 when no token was generated.
 */
public record RequestSample(
        String model,
        String variant,
        long queueNanos,
        long preprocessNanos,
        long visionNanos,
        long prefillNanos,
        long decodeNanos,
        long ttftNanos,
        long totalNanos,
        int promptTokens,
        int completionTokens,
        String finishReason) {}
