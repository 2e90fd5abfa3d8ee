package dev.lvlmserve.serving.jobs;

/**
 * The Kubernetes API as prune jobs use it: one Job of this image per prune, running {@code prune-job <id>}. Only
 * present when {@code lvlm.jobs.runner=kubernetes}; the implementation (fabric8) is the only code that touches
 * the Kubernetes client, so the client's classes are never loaded otherwise.
 */
public interface JobCluster {
    /** The Job's name for a job id (deterministic, so it is saved with the job before the Job exists). */
    String jobName(String jobId);

    String namespace();

    /** Creates the Job that runs {@code prune-job <jobId>} against the shared store. */
    void create(String jobId);

    /** The Job's state now; {@code unknown} with the reason when the API server cannot be asked. */
    KubernetesJobState state(String jobId);

    /** Deletes the Job and its pods (background propagation); a Job already gone is no error. */
    void delete(String jobId);
}
