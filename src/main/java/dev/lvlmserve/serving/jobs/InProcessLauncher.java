package dev.lvlmserve.serving.jobs;

import ai.djl.pytorch.jni.JniUtils;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Prunes on this replica, one at a time on a single background thread (pruning reads the whole base and is
 * memory-hungry); inference goes on meanwhile on the workers. The job saves itself at each stage; the service saves
 * it every poll interval too, so other replicas see its progress.
 */
final class InProcessLauncher implements JobLauncher {
    private final PruneJobRunner runner;
    private final JobStore store;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> Thread.ofPlatform()
            .name("lvlm-prune").daemon().unstarted(() -> {
                JniUtils.setGradMode(false); // builders and the quality gate only run forward passes
                r.run();
            }));

    InProcessLauncher(PruneJobRunner runner, JobStore store) {
        this.runner = runner;
        this.store = store;
    }

    @Override
    public void launch(PruneJob job, CreateVariantRequest request) {
        executor.execute(() -> run(job));
    }

    /** Runs {@code job} on the calling thread: what a prune Job pod does with the job it was started for. */
    void run(PruneJob job) {
        try {
            runner.run(job);
        } finally {
            store.save(job.view()); // the last state first, then the name is free
            job.claim.release();
        }
    }

    @Override
    public void follow(PruneJob job) {
        if (store.cancelAsked(job.id)) {
            job.cancel();
        }
        store.saveWhileRunning(job::view);
    }

    @Override
    public boolean finished(PruneJob job) {
        return job.isTerminal();
    }

    @Override
    public JobView view(PruneJob job) {
        return job.view();
    }

    @Override
    public boolean cancel(PruneJob job) {
        return job.cancel();
    }

    @Override
    public void close() throws InterruptedException {
        executor.shutdown();
        executor.awaitTermination(60, TimeUnit.SECONDS);
    }
}
