package dev.lvlmserve.model.generate;

/**
 * Where a {@link ContinuousBatch} reports one sequence: its tokens as they are chosen, and its end. Called on the
 * thread that steps the batch; implementations hand values over and never block.
 */
public interface SequenceSink {
    /** A generated token (never the end-of-sequence token). */
    void onToken(SampledToken token);

    /**
     * Asked before every step: true ends the sequence there with {@code finish_reason} {@code cancelled} (its
     * client left, or its answer is complete by its own measure, e.g. a stop string) and frees its slot.
     */
    boolean stopRequested();

    /** The sequence left the batch; called exactly once, also when a step failed ({@code error} non-null). */
    void onFinish(SequenceResult result, RuntimeException error);
}
