package dev.lvlmserve.serving.jobs;

import dev.lvlmserve.serving.metrics.JobMetrics;
import java.time.Duration;

/**
 * A running job's stages: the current one's name on the job and in the metrics, its duration when the next begins,
 * and progress sinks that map a step's own 0–1 onto a window of the job's overall progress.
 */
final class JobStages implements AutoCloseable {
    private final PruneJob job;
    private final JobMetrics metrics;
    private final Runnable entered;
    private String current;
    private long since;

    /** @param entered called once the job shows a new stage (the service persists the job then) */
    JobStages(PruneJob job, JobMetrics metrics, Runnable entered) {
        this.job = job;
        this.metrics = metrics;
        this.entered = entered;
    }

    void enter(String name) {
        close();
        current = name;
        since = System.nanoTime();
        job.stage(name);
        metrics.stageStarted(name);
        entered.run();
    }

    /** A sink whose 0–1 becomes {@code lo}–{@code hi} of the job; stages it reports become the job's. */
    ProgressSink window(double lo, double hi) {
        return new ProgressSink() {
            @Override
            public void stage(String name) {
                enter(name);
            }

            @Override
            public void progress(double fraction) {
                double overall = lo + (hi - lo) * Math.max(0, Math.min(1, fraction));
                job.progress(overall);
                metrics.progress(overall);
            }
        };
    }

    @Override
    public void close() {
        if (current != null) {
            metrics.stageFinished(current, Duration.ofNanos(System.nanoTime() - since));
            current = null;
        }
    }
}
