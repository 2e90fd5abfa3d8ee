package dev.lvlmserve.serving.jobs;

import dev.lvlmserve.serving.config.LvlmProperties;
import dev.lvlmserve.serving.error.ServingException;
import dev.lvlmserve.serving.metrics.JobMetrics;
import dev.lvlmserve.serving.store.Claim;
import dev.lvlmserve.serving.variants.VariantRegistry;
import jakarta.annotation.PreDestroy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;

/**
 * Prune jobs: one at a time per replica, so a create while this replica's job is queued or running is a 409, and
 * so is a name another replica has claimed. The job runs where {@link JobLauncher} puts it. Jobs are saved in the
 * shared data directory: any replica lists and shows any job, asks for its cancellation, and settles it when its
 * runner has died; the most recent {@code lvlm.jobs.keep-finished} finished jobs are kept.
 */
@Service
public class PruneJobService {
    private static final Logger log = LoggerFactory.getLogger(PruneJobService.class);

    private final VariantRegistry registry;
    private final PruneRequestValidator validator;
    private final JobStore store;
    private final SharedJobs shared;
    private final InProcessLauncher inProcess;
    private final JobLauncher launcher;
    private final int keep;
    private final Map<String, PruneJob> jobs = new LinkedHashMap<>(); // this replica's, guarded by this
    private final List<JobView> toActivate = new ArrayList<>(); // recovered jobs whose variant awaits activation
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> Thread
            .ofPlatform().name("lvlm-jobs-poll").daemon().unstarted(r));
    private PruneJob active;

    public PruneJobService(VariantRegistry registry, List<VariantBuilder> builders, QualityProbe probe,
            JobMetrics metrics, LvlmProperties properties, Optional<JobCluster> cluster) {
        Map<String, VariantBuilder> byMethod = new LinkedHashMap<>();
        builders.forEach(b -> b.methods().forEach(m -> {
            if (byMethod.putIfAbsent(m, b) != null) {
                throw new IllegalStateException("two variant builders claim method " + m);
            }
        }));
        this.registry = registry;
        this.validator = new PruneRequestValidator(registry, byMethod, properties.jobs(), registry::baseShape,
                properties.placement().dtype());
        this.store = new JobStore(properties.dataDir());
        this.shared = new SharedJobs(store, registry);
        this.inProcess = new InProcessLauncher(new PruneJobRunner(registry, byMethod, probe, metrics, store::save),
                store);
        this.launcher = cluster.<JobLauncher>map(k8s -> new KubernetesLauncher(k8s, store, metrics)).orElse(inProcess);
        this.keep = properties.jobs().keepFinished();
        settleOrphans(java.util.Set.of());
        long every = properties.store().pollInterval().toMillis();
        ticker.scheduleWithFixedDelay(this::tick, every, every, TimeUnit.MILLISECONDS);
    }

    /** Applies the {@code activate_on_success} of jobs a crash interrupted after their variant was written. */
    @EventListener(ApplicationReadyEvent.class)
    public synchronized void activateRecovered() {
        for (JobView job : toActivate) {
            try {
                registry.activate(job.variant());
                store.save(JobRecovery.activated(job));
            } catch (RuntimeException e) {
                log.warn("recovered job {}: variant {} could not be activated", job.id(), job.variant(), e);
            }
        }
        toActivate.clear();
    }

    public synchronized JobView create(CreateVariantRequest request) {
        ValidatedRequest v = validator.validate(request);
        if (active != null && !launcher.finished(active)) {
            throw ServingException.conflict("job_running", "Job " + active.id + " is " + active.view().state()
                    .json() + "; one prune job runs at a time.");
        }
        String id = "job-" + UUID.randomUUID().toString().substring(0, 8);
        Claim claim = registry.claim(v.spec().name(), id); // 409 when the name exists or is claimed
        PruneJob job = new PruneJob(id, v, claim, registry.replicaId(), Instant.now());
        jobs.put(id, job);
        active = job;
        store.save(job.view());
        try {
            launcher.launch(job, request);
        } catch (RuntimeException e) {
            job.failed(e instanceof ServingException ? e.getMessage() : "The job could not be started.");
            log.warn("job {} could not be started", id, e);
            store.save(job.view());
            claim.release();
            active = null;
            throw e;
        }
        prune();
        return launcher.view(job);
    }

    public synchronized JobView get(String id) {
        PruneJob job = jobs.get(id);
        if (job != null) {
            return launcher.view(job);
        }
        return store.read(id).orElseThrow(() -> ServingException.notFound("job_not_found",
                "There is no job '" + id + "'."));
    }

    /** Every job in the store (this replica's as it knows them), oldest first. */
    public synchronized List<JobView> list() {
        List<JobView> out = new ArrayList<>();
        for (JobView v : store.load()) {
            PruneJob mine = jobs.get(v.id());
            out.add(mine != null ? launcher.view(mine) : v);
        }
        return out;
    }

    /** Cancels a job: here at once, or, for a job another replica or a prune Job runs, by asking it through the store. */
    public synchronized JobView cancel(String id) {
        PruneJob job = jobs.get(id);
        if (job != null) {
            if (!launcher.cancel(job)) {
                throw ServingException.conflict("job_finished", "Job " + id + " has already finished.");
            }
            store.saveWhileRunning(job::view);
            return launcher.view(job);
        }
        JobView v = get(id);
        if (v.state().isTerminal()) {
            throw ServingException.conflict("job_finished", "Job " + id + " has already finished.");
        }
        store.requestCancel(id);
        return v.withCancelRequested();
    }

    /** Every poll interval: this replica's job followed and saved, and jobs whose runner died settled. */
    synchronized void tick() {
        try {
            if (active != null) {
                launcher.follow(active);
            }
            settleOrphans(jobs.keySet());
            if (registry.isStarted()) {
                activateRecovered();
            }
        } catch (RuntimeException e) {
            log.warn("job poll failed: {}", e.getMessage(), e);
        }
    }

    /** Settles the unfinished jobs on disk that nothing runs any more (except {@code local}, this replica's own). */
    private void settleOrphans(java.util.Set<String> local) {
        List<JobView> orphans = shared.orphans(local);
        toActivate.addAll(shared.settle(orphans));
        orphans.forEach(launcher::abandoned);
    }

    /** Runs job {@code id}, saved by the replica that accepted it, here and now: a prune Job pod's work. */
    public JobView runStored(String id) throws java.io.IOException {
        PruneJob job = PodJob.take(id, store, validator, registry);
        synchronized (this) {
            jobs.put(id, job);
            active = job;
        }
        inProcess.run(job);
        return job.view();
    }

    private void prune() {
        List<String> finished = new ArrayList<>();
        for (JobView v : store.load()) {
            PruneJob mine = jobs.get(v.id());
            if (mine != null ? mine.isTerminal() : v.state().isTerminal()) {
                finished.add(v.id());
            }
        }
        for (int i = 0; i < finished.size() - keep; i++) {
            jobs.remove(finished.get(i));
            store.delete(finished.get(i));
        }
    }

    @PreDestroy
    public void shutdown() throws InterruptedException {
        ticker.shutdownNow();
        synchronized (this) {
            if (active != null && launcher == inProcess) {
                active.cancel();
            }
        }
        inProcess.close();
        if (launcher != inProcess) {
            launcher.close(); // a Kubernetes Job goes on without this replica: its pod holds the claim too
        }
    }
}
