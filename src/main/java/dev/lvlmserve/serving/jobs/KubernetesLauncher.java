package dev.lvlmserve.serving.jobs;

import dev.lvlmserve.serving.metrics.JobMetrics;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each prune as a Kubernetes Job of this image ({@code prune-job <id>}): the request is saved in the store,
 * the Job created, and its pod runs the job against the shared store, joining this replica's claim with heartbeats
 * of its own and saving the job's progress as an in-process job does. This replica keeps the claim alive while the
 * Job waits for a node, shows the Job's state with the job, deletes a Job cancelled before its pod ran, and fails
 * the job (releasing the claim) when the Job failed without its pod saying so (evicted, out of memory, deadline).
 * The pod serves no metrics, so this replica reports the job's progress, stage and outcome as read from the store
 * ({@code lvlm_prune_job_progress}, {@code lvlm_prune_jobs_total}, ...): the alerts on failed and stuck prunes
 * then see Kubernetes-run jobs too. Per-stage durations stay in the job record.
 */
final class KubernetesLauncher implements JobLauncher {
    private static final Logger log = LoggerFactory.getLogger(KubernetesLauncher.class);

    private final JobCluster cluster;
    private final JobStore store;
    private final JobMetrics metrics;
    private final Set<String> finished = ConcurrentHashMap.newKeySet();

    KubernetesLauncher(JobCluster cluster, JobStore store, JobMetrics metrics) {
        this.cluster = cluster;
        this.store = store;
        this.metrics = metrics;
    }

    @Override
    public void launch(PruneJob job, CreateVariantRequest request) {
        try {
            store.saveRequest(job.id, request);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot save the request of job " + job.id, e);
        }
        job.kubernetes(KubernetesJobState.created(cluster.jobName(job.id), cluster.namespace()));
        store.save(job.view()); // before the Job exists: its pod starts from this record
        cluster.create(job.id);
        log.info("job {} runs as Kubernetes Job {}/{}", job.id, cluster.namespace(), cluster.jobName(job.id));
    }

    @Override
    public void follow(PruneJob job) {
        if (finished.contains(job.id)) {
            return;
        }
        JobView saved = saved(job);
        if (saved.state().isTerminal()) {
            end(job, saved);
            return;
        }
        if (saved.state() == JobState.RUNNING && saved.stage() != null) {
            metrics.stageStarted(saved.stage());
        }
        metrics.progress(saved.percent() / 100.0);
        KubernetesJobState k = cluster.state(job.id);
        if ("failed".equals(k.phase()) || "gone".equals(k.phase())) {
            settle(job, saved, JobState.FAILED, "The Kubernetes Job " + k.name() + " ended without finishing the "
                    + "job" + (k.reason() != null ? " (" + k.reason() + ")" : "") + ".");
        } else if (store.cancelAsked(job.id) && "pending".equals(k.phase())) {
            cluster.delete(job.id); // no pod runs it yet: nothing to stop gracefully
            settle(job, saved, JobState.CANCELLED, null);
        }
    }

    private void settle(PruneJob job, JobView saved, JobState state, String error) {
        JobView v = new JobView(saved.id(), state, state == JobState.CANCELLED ? "cancelled" : saved.stage(),
                saved.percent(), null, saved.base(), saved.method(), saved.ratio(), saved.variant(),
                saved.activateOnSuccess(), saved.cancelRequested() || state == JobState.CANCELLED,
                saved.createdAt(), saved.startedAt(), java.time.Instant.now(), saved.recipe(), saved.gate(),
                saved.recovery(), false, error, saved.replica(), saved.kubernetes());
        store.save(v);
        log.info("job {}: Kubernetes Job {} is {}", job.id, cluster.jobName(job.id), state.json());
        end(job, v);
    }

    private void end(PruneJob job, JobView last) {
        if (finished.add(job.id)) {
            Instant from = last.startedAt() != null ? last.startedAt() : last.createdAt();
            Instant to = last.finishedAt() != null ? last.finishedAt() : Instant.now();
            metrics.finished(last.base(), last.method(), last.state().json(),
                    from == null ? Duration.ZERO : Duration.between(from, to));
        }
        job.claim.release();
    }

    @Override
    public boolean finished(PruneJob job) {
        if (finished.contains(job.id)) {
            return true;
        }
        JobView saved = saved(job);
        if (saved.state().isTerminal()) {
            end(job, saved); // a create can come before the poll that would have noticed it
            return true;
        }
        return false;
    }

    private JobView saved(PruneJob job) {
        return store.read(job.id).orElseGet(job::view);
    }

    @Override
    public JobView view(PruneJob job) {
        JobView v = saved(job);
        return v.state().isTerminal() && v.kubernetes() == null ? v : v.withKubernetes(cluster.state(job.id));
    }

    @Override
    public boolean cancel(PruneJob job) {
        if (finished(job)) {
            return false;
        }
        store.requestCancel(job.id); // its pod stops at its next check; a Job still pending is deleted on the poll
        return true;
    }

    /**
     * A Job whose replica died before its pod joined the claim: the claim expired and the job was settled, but the
     * Job may still be waiting for a node. Its pod would only find the claim gone and fail; delete it instead. A
     * Job whose pod ran is left for its logs ({@code ttlSecondsAfterFinished} removes it).
     */
    @Override
    public void abandoned(JobView orphan) {
        if (orphan.kubernetes() == null) {
            return;
        }
        try {
            if (!"pending".equals(cluster.state(orphan.id()).phase())) {
                return;
            }
            cluster.delete(orphan.id());
            log.info("job {} was abandoned: deleted its Kubernetes Job {}", orphan.id(), orphan.kubernetes().name());
        } catch (RuntimeException e) {
            log.warn("job {} was abandoned; its Kubernetes Job could not be deleted: {}", orphan.id(), e.getMessage());
        }
    }

    @Override
    public void close() {}
}
