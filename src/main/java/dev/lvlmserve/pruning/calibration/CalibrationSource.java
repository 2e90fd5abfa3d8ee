package dev.lvlmserve.pruning.calibration;

import java.util.List;

/**
 * Where calibration samples come from (the paper draws 1,000 from LLaVA-665k; the built-in benchmark's training split
 * and a JSONL + image-folder adapter implement this elsewhere).
 */
public interface CalibrationSource {
    /**
     * Up to {@code n} samples, the same ones in the same order for the same {@code (n, seed)}; fewer when the
     * source holds fewer, an empty list when it holds none.
     */
    List<CalibrationSample> draw(int n, long seed);

    /** A short human-readable description for logs and job status. */
    default String describe() {
        return getClass().getSimpleName();
    }
}
