package dev.lvlmserve.serving.jobs;

import dev.lvlmserve.model.llava.LlavaModel;
import dev.lvlmserve.model.llava.LlavaPipeline;
import dev.lvlmserve.serving.metrics.JobMetrics;
import dev.lvlmserve.serving.variants.ModelSizes;
import dev.lvlmserve.serving.variants.QualityGateResult;
import dev.lvlmserve.serving.variants.VariantEntry;
import dev.lvlmserve.serving.variants.VariantRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CancellationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs one prune job on the job thread: build (0–80 %), quality gate (80–95 %), persist and register (95–100 %),
 * then activate when asked and the gate passed. The built model is closed on every path that does not hand it to the
 * registry, so a failed or cancelled job leaks no native memory.
 */
final class PruneJobRunner {
    private static final Logger log = LoggerFactory.getLogger(PruneJobRunner.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final VariantRegistry registry;
    private final Map<String, VariantBuilder> builders;
    private final QualityProbe probe;
    private final JobMetrics metrics;

    PruneJobRunner(VariantRegistry registry, Map<String, VariantBuilder> builders, QualityProbe probe,
            JobMetrics metrics) {
        this.registry = registry;
        this.builders = builders;
        this.probe = probe;
        this.metrics = metrics;
    }

    void run(PruneJob job) {
        if (!job.start()) {
            return;
        }
        PruneSpec spec = job.request.spec();
        long t0 = System.nanoTime();
        JobStages stages = new JobStages(job, metrics);
        LlavaModel built = null;
        LlavaPipeline variant = null;
        String outcome = "failed";
        try {
            LlavaPipeline base = registry.basePipeline(spec.base());
            stages.enter("building");
            BuiltVariant result = builders.get(spec.method()).build(base, spec, stages.window(0, 0.8),
                    job::cancelRequested);
            built = result.model();
            variant = base.withModel(built);
            QualityGateResult gate = gate(job, base, variant, stages);
            checkCancelled(job);
            stages.enter("saving");
            registry.add(entry(job, result, gate), result.tensors().asMap(), variant);
            variant = null; // the registry owns it now
            built = null;
            boolean activate = job.request.activateOnSuccess() && (gate == null || gate.passed());
            if (activate) {
                stages.enter("activating");
                registry.activate(spec.name());
            }
            job.succeeded(JSON.readValue(result.recipe().toJson(), new TypeReference<Map<String, Object>>() {}),
                    gate, activate);
            outcome = "succeeded";
        } catch (CancellationException e) {
            job.cancelled();
            outcome = "cancelled";
        } catch (RuntimeException e) {
            log.warn("prune job {} failed", job.id, e);
            job.failed(e.getMessage() == null ? e.toString() : e.getMessage());
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

    private QualityGateResult gate(PruneJob job, LlavaPipeline base, LlavaPipeline variant, JobStages stages) {
        ValidatedRequest.Gate g = job.request.gate();
        if (g == null) {
            return null;
        }
        checkCancelled(job);
        stages.enter("quality-gate");
        double retention = probe.retention(base, variant, g.samples(), job::cancelRequested,
                stages.window(0.8, 0.95));
        return new QualityGateResult(retention, g.minRetention(), g.samples(), retention >= g.minRetention());
    }

    private VariantEntry entry(PruneJob job, BuiltVariant r, QualityGateResult gate) {
        PruneSpec spec = job.request.spec();
        LlavaModel m = r.model();
        return new VariantEntry(spec.name(), spec.base(), r.recipe(), ModelSizes.parameters(m), m.totalBytes(),
                m.ownedBytes(), Instant.now(), gate, job.id);
    }

    private static void checkCancelled(PruneJob job) {
        if (job.cancelRequested()) {
            throw new CancellationException();
        }
    }
}
