package dev.lvlmserve.serving.jobs;

import ai.djl.pytorch.jni.JniUtils;
import dev.lvlmserve.serving.config.LvlmProperties;
import dev.lvlmserve.serving.error.ServingException;
import dev.lvlmserve.serving.metrics.JobMetrics;
import dev.lvlmserve.serving.variants.VariantRegistry;
import jakarta.annotation.PreDestroy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;

/**
 * Prune jobs: one at a time on a single background thread (pruning reads the whole base and is memory-hungry), so
 * a create while a job is queued or running is a 409; inference goes on meanwhile on the workers. Finished jobs are
 * persisted and the most recent {@code lvlm.jobs.keep-finished} kept.
 */
@Service
public class PruneJobService {
    private static final Logger log = LoggerFactory.getLogger(PruneJobService.class);

    private final VariantRegistry registry;
    private final PruneRequestValidator validator;
    private final PruneJobRunner runner;
    private final JobStore store;
    private final int keep;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> Thread.ofPlatform()
            .name("lvlm-prune").daemon().unstarted(() -> {
                JniUtils.setGradMode(false); // builders and the quality gate only run forward passes
                r.run();
            }));
    private final Map<String, PruneJob> jobs = new LinkedHashMap<>(); // guarded by this
    private final Map<String, JobView> history = new LinkedHashMap<>(); // finished in earlier runs
    private final List<String> toActivate = new ArrayList<>(); // recovered jobs whose variant awaits activation
    private PruneJob active;

    public PruneJobService(VariantRegistry registry, List<VariantBuilder> builders, QualityProbe probe,
            JobMetrics metrics, LvlmProperties properties) {
        Map<String, VariantBuilder> byMethod = new LinkedHashMap<>();
        builders.forEach(b -> b.methods().forEach(m -> {
            if (byMethod.putIfAbsent(m, b) != null) {
                throw new IllegalStateException("two variant builders claim method " + m);
            }
        }));
        this.registry = registry;
        this.validator = new PruneRequestValidator(registry, byMethod, properties.jobs(), registry::baseShape);
        this.store = new JobStore(properties.dataDir());
        this.runner = new PruneJobRunner(registry, byMethod, probe, metrics, store::save);
        this.keep = properties.jobs().keepFinished();
        JobRecovery.Result recovered = JobRecovery.recover(store.load(), new JobRecovery.Variants(registry::find,
                registry.defaultName()));
        recovered.jobs().forEach(v -> {
            history.put(v.id(), v);
            store.save(v);
        });
        toActivate.addAll(recovered.toActivate());
    }

    /** Applies the {@code activate_on_success} of jobs a crash interrupted after their variant was written. */
    @EventListener(ApplicationReadyEvent.class)
    public synchronized void activateRecovered() {
        for (String id : toActivate) {
            JobView job = history.get(id);
            try {
                registry.activate(job.variant());
                JobView done = JobRecovery.activated(job);
                history.put(id, done);
                store.save(done);
            } catch (RuntimeException e) {
                log.warn("recovered job {}: variant {} could not be activated", id, job.variant(), e);
            }
        }
        toActivate.clear();
    }

    public synchronized JobView create(CreateVariantRequest request) {
        ValidatedRequest v = validator.validate(request);
        if (active != null && !active.isTerminal()) {
            throw ServingException.conflict("job_running", "Job " + active.id + " is " + active.view().state()
                    .json() + "; one prune job runs at a time.");
        }
        if (registry.find(v.spec().name()).isPresent()) {
            throw ServingException.conflict("name_taken", "A variant named " + v.spec().name() + " exists.");
        }
        PruneJob job = new PruneJob("job-" + UUID.randomUUID().toString().substring(0, 8), v);
        jobs.put(job.id, job);
        active = job;
        store.save(job.view());
        executor.execute(() -> {
            runner.run(job);
            store.save(job.view());
        });
        prune();
        return job.view();
    }

    public synchronized JobView get(String id) {
        PruneJob job = jobs.get(id);
        if (job != null) {
            return job.view();
        }
        JobView old = history.get(id);
        if (old == null) {
            throw ServingException.notFound("job_not_found", "There is no job '" + id + "'.");
        }
        return old;
    }

    /** Earlier runs' jobs, then this run's, oldest first. */
    public synchronized List<JobView> list() {
        List<JobView> out = new ArrayList<>(history.values());
        jobs.values().forEach(j -> out.add(j.view()));
        return out;
    }

    public synchronized JobView cancel(String id) {
        PruneJob job = jobs.get(id);
        if (job == null) {
            get(id); // 404 for unknown ids
            throw ServingException.conflict("job_finished", "Job " + id + " has already finished.");
        }
        if (!job.cancel()) {
            throw ServingException.conflict("job_finished", "Job " + id + " has already finished.");
        }
        store.save(job.view());
        return job.view();
    }

    private void prune() {
        List<String> finished = new ArrayList<>(history.keySet());
        jobs.forEach((id, j) -> {
            if (j.isTerminal()) {
                finished.add(id);
            }
        });
        for (int i = 0; i < finished.size() - keep; i++) {
            String id = finished.get(i);
            history.remove(id);
            jobs.remove(id);
            store.delete(id);
        }
    }

    @PreDestroy
    public void shutdown() throws InterruptedException {
        synchronized (this) {
            if (active != null) {
                active.cancel();
            }
        }
        executor.shutdown();
        executor.awaitTermination(60, TimeUnit.SECONDS);
    }
}
