package dev.lvlmserve.serving.jobs;

import dev.lvlmserve.serving.store.Claim;
import dev.lvlmserve.serving.variants.QualityGateResult;
import java.time.Instant;
import java.util.Map;

/**
 * One prune job's mutable state, written by the job thread and read by request threads (hence synchronized).
 * Progress is overall, in [0, 1]; the ETA extrapolates the rate since the job started. The job holds the claim on
 * its variant's name in the shared store; if that claim is lost, the job stops as if cancelled and fails.
 */
final class PruneJob {
    final String id;
    final ValidatedRequest request;
    final Claim claim;
    private final String replica;
    private final Instant createdAt;
    private KubernetesJobState kubernetes;
    private JobState state = JobState.QUEUED;
    private String stage = "queued";
    private double fraction;
    private Instant startedAt;
    private long startedNanos;
    private Instant finishedAt;
    private Map<String, Object> recipe;
    private QualityGateResult gate;
    private RecoveryView recovery;
    private boolean activated;
    private String error;
    private volatile boolean cancelRequested;

    PruneJob(String id, ValidatedRequest request, Claim claim, String replica, Instant createdAt) {
        this.id = id;
        this.request = request;
        this.claim = claim;
        this.replica = replica;
        this.createdAt = createdAt;
    }

    synchronized void kubernetes(KubernetesJobState k) {
        this.kubernetes = k;
    }

    /** False when the job was cancelled while queued. */
    synchronized boolean start() {
        if (state != JobState.QUEUED) {
            return false;
        }
        state = JobState.RUNNING;
        startedAt = Instant.now();
        startedNanos = System.nanoTime();
        return true;
    }

    synchronized void stage(String name) {
        stage = name;
    }

    /** The recover stage's latest progress (replaces the previous one). */
    synchronized void recovery(RecoveryView r) {
        recovery = r;
    }

    synchronized void progress(double f) {
        fraction = Math.max(fraction, Math.min(1, f));
    }

    synchronized void succeeded(Map<String, Object> recipe, QualityGateResult gate, boolean activated) {
        this.recipe = recipe;
        this.gate = gate;
        this.activated = activated;
        finish(JobState.SUCCEEDED, "done");
        fraction = 1;
    }

    /** The job's variant failed its gate and was discarded: failed, with the gate's numbers. */
    synchronized void gateFailed(QualityGateResult gate, String error) {
        this.gate = gate;
        this.error = error;
        finish(JobState.FAILED, stage);
    }

    synchronized void failed(String error) {
        this.error = error;
        finish(JobState.FAILED, stage);
    }

    /** Cancels a queued job at once; a running one is asked to stop. False when it has already finished. */
    synchronized boolean cancel() {
        if (state.isTerminal()) {
            return false;
        }
        cancelRequested = true;
        if (state == JobState.QUEUED) {
            finish(JobState.CANCELLED, "cancelled");
        }
        return true;
    }

    synchronized void cancelled() {
        if (claim.lost() != null && !cancelRequested) {
            error = "The job lost its claim on the name " + claim.name() + " (" + claim.lost() + "); nothing was "
                    + "saved.";
            finish(JobState.FAILED, stage);
            return;
        }
        finish(JobState.CANCELLED, "cancelled");
    }

    private void finish(JobState s, String finalStage) {
        state = s;
        stage = finalStage;
        finishedAt = Instant.now();
    }

    /** Whether the job must stop: cancelled by an operator, or its claim is lost. */
    boolean cancelRequested() {
        return cancelRequested || claim.lost() != null;
    }

    synchronized boolean isTerminal() {
        return state.isTerminal();
    }

    synchronized JobView view() {
        Double eta = null;
        if (state == JobState.RUNNING && fraction > 0.01) {
            double elapsed = (System.nanoTime() - startedNanos) / 1e9;
            eta = Math.round(elapsed * (1 - fraction) / fraction * 10) / 10.0;
        }
        PruneSpec s = request.spec();
        return new JobView(id, state, stage, Math.round(fraction * 1000) / 10.0, eta, s.base(), s.method(),
                s.ratio(), s.name(), request.activateOnSuccess(), cancelRequested, createdAt, startedAt, finishedAt,
                recipe, gate, recovery, activated, error, replica, kubernetes);
    }
}
