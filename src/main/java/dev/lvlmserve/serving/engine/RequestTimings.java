package dev.lvlmserve.serving.engine;

/**
 * Where one request's time went, in nanoseconds. Prefill and decode are the batch's (rows of a batch share the
 * steps); vision is 0 when the image features came from the cache; ttft is from arrival to the first token.
 */
public record RequestTimings(long queueNanos, long preprocessNanos, long visionNanos, long prefillNanos,
        long decodeNanos, long ttftNanos, long totalNanos) {

    public static double millis(long nanos) {
        return Math.round(nanos / 1e4) / 100.0;
    }
}
