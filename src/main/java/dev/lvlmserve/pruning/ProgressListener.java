package dev.lvlmserve.pruning;

/**
 * Progress of a long pruning stage, for job status and ETA. Called on the pruning thread; implementations must be
 * quick and must not throw.
 */
@FunctionalInterface
public interface ProgressListener {
    ProgressListener NONE = (stage, done, total) -> {};

    /**
     * @param stage a stable stage name ({@code calibrate}, {@code localize}, {@code capture-features},
     *     {@code compensate}, {@code enumerate}, {@code apply})
     * @param done units finished in this stage (samples, layer pairs, combinations)
     * @param total units in this stage
     */
    void onProgress(String stage, long done, long total);
}
