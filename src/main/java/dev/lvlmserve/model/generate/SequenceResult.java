package dev.lvlmserve.model.generate;

/**
 * @param finishReason {@code stop} (end-of-sequence token), {@code length} (max new tokens) or {@code cancelled}
 *     (the listener withdrew the row)
 * @param prefillNanos the batch's prefill time, also this sequence's time to first token after batching
 */
public record SequenceResult(long[] tokens, String finishReason, int promptTokens, long prefillNanos,
        long decodeNanos) {}
