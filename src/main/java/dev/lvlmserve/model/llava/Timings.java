package dev.lvlmserve.model.llava;

/** Where one answer's time went, in nanoseconds (batch-level stages are shared by the batch's rows). */
public record Timings(long preprocessNanos, long visionNanos, long prefillNanos, long decodeNanos) {
    public double millis(long nanos) {
        return nanos / 1e6;
    }

    public long totalNanos() {
        return preprocessNanos + visionNanos + prefillNanos + decodeNanos;
    }
}
