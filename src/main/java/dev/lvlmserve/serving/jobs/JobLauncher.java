package dev.lvlmserve.serving.jobs;

/**
 * Where a prune job runs once its variant's name is claimed: on this replica's prune thread, or as a Kubernetes
 * Job of the same image ({@code lvlm.jobs.runner}).
 */
interface JobLauncher extends AutoCloseable {
    /** Starts {@code job}; the launcher releases its claim once it has finished. */
    void launch(PruneJob job, CreateVariantRequest request);

    /** Called on every poll while {@code job} is this replica's active job: saves it, passes cancellations on. */
    void follow(PruneJob job);

    /** Whether {@code job} has finished (for a Kubernetes Job: its pod wrote its last state, or it failed). */
    boolean finished(PruneJob job);

    /** The job as the API shows it while it is this replica's. */
    JobView view(PruneJob job);

    /** Asks the job to stop; false when it has already finished. */
    boolean cancel(PruneJob job);

    /**
     * {@code orphan}, an unfinished job whose runner is gone (its claim ended or expired), has just been settled
     * as failed on this replica, whichever replica started it: whatever it left running is removed.
     */
    default void abandoned(JobView orphan) {}

    /** The server is stopping. */
    @Override
    void close() throws InterruptedException;
}
