package dev.lvlmserve.serving.jobs;

import dev.lvlmserve.model.image.ImageRejectedException;
import dev.lvlmserve.model.llava.LlavaModel;
import dev.lvlmserve.model.llava.LlavaPipeline;
import dev.lvlmserve.recovery.RecoveryOptions;
import dev.lvlmserve.serving.error.ClientMessages;
import dev.lvlmserve.serving.error.ServingException;
import dev.lvlmserve.serving.metrics.JobMetrics;
import dev.lvlmserve.serving.variants.ModelSizes;
import dev.lvlmserve.serving.variants.QualityGateResult;
import dev.lvlmserve.serving.variants.VariantEntry;
import dev.lvlmserve.serving.variants.VariantRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs one prune job on the job thread: build (0–80 %; with a recovery 0–30 %, then recover 30–85 %), quality gate
 * (to 95 %), persist and register (95–100 %), then activate when asked and the gate passed. A recovered variant that
 * fails its gate is discarded (the job fails with the gate's numbers): recovery exists to make a variant worth
 * serving, and one that is not is never listed. The job is persisted as it enters each stage. Built models are
 * closed on every path that does not hand them to the registry, so a failed or cancelled job leaks no native memory.
 */
final class PruneJobRunner {
    private static final Logger log = LoggerFactory.getLogger(PruneJobRunner.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final VariantRegistry registry;
    private final Map<String, VariantBuilder> builders;
    private final QualityProbe probe;
    private final JobMetrics metrics;
    private final Consumer<JobView> persist;
    private final Function<String, Path> baseDirs;
    private final RecoverStage recover;

    /** @param persist saves a job's view; called at every stage, so a crash leaves the stage it happened in */
    PruneJobRunner(VariantRegistry registry, Map<String, VariantBuilder> builders, QualityProbe probe,
            JobMetrics metrics, Consumer<JobView> persist) {
        this(registry, builders, probe, metrics, persist, registry::baseDir);
    }

    /** @param baseDirs base name → its checkpoint directory (for the recover stage's data fraction) */
    PruneJobRunner(VariantRegistry registry, Map<String, VariantBuilder> builders, QualityProbe probe,
            JobMetrics metrics, Consumer<JobView> persist, Function<String, Path> baseDirs) {
        this.baseDirs = baseDirs;
        this.recover = new RecoverStage(metrics);
        this.registry = registry;
        this.builders = builders;
        this.probe = probe;
        this.metrics = metrics;
        this.persist = persist;
    }

    void run(PruneJob job) {
        if (!job.start()) {
            return;
        }
        PruneSpec spec = job.request.spec();
        long t0 = System.nanoTime();
        JobStages stages = new JobStages(job, metrics, () -> persist.accept(job.view()));
        LlavaModel built = null;
        LlavaPipeline variant = null;
        String outcome = "failed";
        try {
            LlavaPipeline base = registry.basePipeline(spec.base());
            RecoveryOptions recovery = job.request.recovery();
            stages.enter("building");
            BuiltVariant result = builders.get(spec.method()).build(base, spec,
                    stages.window(0, recovery == null ? 0.8 : 0.3), job::cancelRequested);
            built = result.model();
            if (recovery != null) {
                checkCancelled(job);
                stages.enter("recover");
                BuiltVariant recovered = recover.run(base, baseDirs.apply(spec.base()), result, recovery, job,
                        stages.window(0.3, 0.85));
                LlavaModel pruned = built;
                built = recovered.model();
                result = recovered;
                pruned.close(); // the recovered variant derives from the base afresh and shares nothing with it
            }
            variant = base.withModel(built);
            QualityGateResult gate = gate(job, base, variant, stages, recovery == null ? 0.8 : 0.85);
            checkCancelled(job);
            if (recovery != null && gate != null && !gate.passed()) {
                job.gateFailed(gate, String.format(java.util.Locale.ROOT, "The recovered variant kept %.1f %% of "
                        + "the base's accuracy, below the gate's %.1f %%; it was discarded.",
                        100 * gate.retention(), 100 * gate.minRetention()));
                outcome = "gate_failed";
                return;
            }
            stages.enter("saving");
            registry.add(job.claim, entry(job, result, gate), result.tensors().asMap(), variant);
            variant = null; // the registry owns it now
            built = null;
            boolean activate = job.request.activateOnSuccess() && (gate == null || gate.passed())
                    && activate(job, stages);
            job.succeeded(JSON.readValue(result.recipe().toJson(), new TypeReference<Map<String, Object>>() {}),
                    gate, activate);
            outcome = "succeeded";
        } catch (CancellationException e) {
            job.cancelled();
            outcome = "cancelled";
        } catch (RuntimeException e) {
            log.warn("prune job {} failed", job.id, e);
            job.failed(clientMessage(e, job));
        } finally {
            if (variant != null) {
                variant.close(); // closes the built model too
            } else if (built != null) {
                built.close();
            }
            stages.close();
            metrics.finished(spec.base(), spec.method(), outcome, Duration.ofNanos(System.nanoTime() - t0));
        }
    }

    /**
     * Activates the variant just registered. Past this point the job has succeeded whatever happens (the variant is
     * listed), so a failure here only leaves it inactive, never a "failed" job beside its variant.
     */
    private boolean activate(PruneJob job, JobStages stages) {
        stages.enter("activating");
        try {
            registry.activate(job.request.spec().name());
            return true;
        } catch (RuntimeException e) {
            log.warn("prune job {}: variant {} built but not activated", job.id, job.request.spec().name(), e);
            return false;
        }
    }

    private QualityGateResult gate(PruneJob job, LlavaPipeline base, LlavaPipeline variant, JobStages stages,
            double from) {
        ValidatedRequest.Gate g = job.request.gate();
        if (g == null) {
            return null;
        }
        checkCancelled(job);
        stages.enter("quality-gate");
        double retention = probe.retention(base, variant, g.samples(), job::cancelRequested,
                stages.window(from, 0.95));
        return new QualityGateResult(retention, g.minRetention(), g.samples(), retention >= g.minRetention());
    }

    private VariantEntry entry(PruneJob job, BuiltVariant r, QualityGateResult gate) {
        PruneSpec spec = job.request.spec();
        LlavaModel m = r.model();
        return new VariantEntry(spec.name(), spec.base(), r.recipe(), ModelSizes.parameters(m), m.totalBytes(),
                m.ownedBytes(), Instant.now(), gate, job.id);
    }

    /**
     * What the job's {@code error} says: refusals written for clients keep their message; anything else (a file's
     * content in a parse error, a path, a Java type) stays in the server log.
     */
    private static String clientMessage(RuntimeException e, PruneJob job) {
        if (e instanceof ServingException || e instanceof ImageRejectedException) {
            return ClientMessages.safe(e.getMessage(), 500);
        }
        return "The job failed in its '" + job.view().stage() + "' stage; the server log has the details (job "
                + job.id + ").";
    }

    private static void checkCancelled(PruneJob job) {
        if (job.cancelRequested()) {
            throw new CancellationException();
        }
    }
}
