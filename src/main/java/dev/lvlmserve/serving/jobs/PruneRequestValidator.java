package dev.lvlmserve.serving.jobs;

import ai.djl.ndarray.types.DataType;
import dev.lvlmserve.model.Autograd;
import dev.lvlmserve.pruning.plan.PruningMethod;

import dev.lvlmserve.pruning.plan.InvalidPruneRequest;
import dev.lvlmserve.pruning.plan.ModelShape;
import dev.lvlmserve.recovery.InvalidRecoveryRequest;
import dev.lvlmserve.recovery.RecoveryOptions;
import dev.lvlmserve.serving.config.JobsProperties;
import dev.lvlmserve.serving.error.ServingException;
import dev.lvlmserve.serving.variants.VariantNames;
import dev.lvlmserve.serving.variants.VariantRegistry;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Turns a {@link CreateVariantRequest} into a {@link ValidatedRequest} or the right error: unknown base 404;
 * missing ratio 400; unknown method, bad calibration or gate, a malformed name 422; and whatever the method's builder
 * refuses — impossible ratio, a ratio that removes nothing, bad options or layer ranges, heads that do not divide
 * under GQA — 422 with the field it names (the pruning registry validates every method in one place). A taken name is
 * checked by the service (409), which also knows the names running jobs have claimed.
 */
final class PruneRequestValidator {
    private final VariantRegistry registry;
    private final Map<String, VariantBuilder> builders;
    private final JobsProperties jobs;
    private final Function<String, ModelShape> baseShape;
    private final DataType dtype;

    /** @param dtype what the service's models compute in ({@code lvlm.dtype}); gradient work needs float32 */
    PruneRequestValidator(VariantRegistry registry, Map<String, VariantBuilder> builders, JobsProperties jobs,
            Function<String, ModelShape> baseShape, DataType dtype) {
        this.registry = registry;
        this.builders = builders;
        this.jobs = jobs;
        this.baseShape = baseShape;
        this.dtype = dtype;
    }

    ValidatedRequest validate(CreateVariantRequest r) {
        String base = r.base() != null ? r.base() : registry.require(registry.defaultName()).base();
        if (!registry.isBase(base)) {
            throw ServingException.notFound("base_not_found", "There is no base model named '" + base + "'.");
        }
        String method = r.method() != null ? r.method() : jobs.defaultMethod();
        VariantBuilder builder = builders.get(method);
        if (builder == null) {
            throw invalid("unknown_method", "Unknown method '" + method + "'; available: " + builders.keySet(),
                    "method");
        }
        if (r.ratio() == null) {
            throw ServingException.badRequest("missing_field", "ratio is required.", "ratio");
        }
        double ratio = r.ratio();
        long seed = r.seed() == null ? 0 : r.seed();
        String name = r.name() != null ? r.name()
                : String.format(Locale.ROOT, "%s-%s-r%02d", base, method, Math.round(ratio * 100));
        if (!VariantNames.isValid(name)) {
            throw invalid("invalid_name", "A variant name is 1-64 letters, digits, '.', '_' or '-', starting with a "
                    + "letter or digit, and not 'default'.", "name");
        }
        PruneSpec spec = new PruneSpec(base, ratio, method, r.options(), calibration(r.calibration()), name, seed);
        try {
            builder.validate(spec, baseShape.apply(base));
        } catch (InvalidPruneRequest e) {
            throw invalid("invalid_" + e.field(), e.getMessage(), e.field());
        } catch (IllegalArgumentException e) {
            throw invalid("invalid_options", e.getMessage(), "options");
        }
        RecoveryOptions recovery = recovery(r.recovery());
        refuseGradientWork(method, recovery != null, dtype);
        return new ValidatedRequest(spec, gate(r.qualityGate()), r.activateOnSuccess() != null && r.activateOnSuccess(),
                recovery);
    }

    /**
     * Width-taylor and recovery take gradients, which a float16 service cannot (see {@link Autograd}): refused with a
     * 422 before a job starts, rather than as a failed job.
     */
    static void refuseGradientWork(String method, boolean recovers, DataType dtype) {
        if (dtype == DataType.FLOAT32) {
            return;
        }
        if (PruningMethod.WIDTH_TAYLOR.jsonName().equals(method)) {
            throw invalid("needs_float32", Autograd.needsFloat32(method, dtype), "method");
        }
        if (recovers) {
            throw invalid("needs_float32", Autograd.needsFloat32("recovery", dtype), "recovery");
        }
    }

    /**
     * The request's recovery options, or null for none: every refusal is a 422 naming {@code recovery.<field>}; a
     * time budget is required to stay within {@code lvlm.jobs.max-recovery-seconds}, which is also the budget of a
     * request that sets none (a step count alone could otherwise hold the job thread for days).
     */
    private RecoveryOptions recovery(Map<String, Object> fields) {
        if (fields == null) {
            return null;
        }
        RecoveryOptions o;
        try {
            o = RecoveryOptions.of(fields);
        } catch (InvalidRecoveryRequest e) {
            throw invalid("invalid_recovery", e.getMessage(), "recovery." + e.field());
        }
        int max = jobs.maxRecoverySeconds();
        if (o.timeBudgetSeconds() == null) {
            return o.withTimeBudgetSeconds(max);
        }
        if (o.timeBudgetSeconds() > max) {
            throw invalid("invalid_recovery", "recovery.time_budget_seconds may be at most " + max
                    + " on this server (lvlm.jobs.max-recovery-seconds).", "recovery.time_budget_seconds");
        }
        return o;
    }

    private PruneSpec.Calibration calibration(CreateVariantRequest.Calibration c) {
        if (c == null) {
            return PruneSpec.Calibration.BUILTIN;
        }
        String source = c.source() == null ? "builtin" : c.source();
        int size = c.size() == null ? PruneSpec.Calibration.BUILTIN.size() : c.size();
        if (size < 1 || size > 100_000) {
            throw invalid("invalid_calibration", "calibration.size must be in [1, 100000].", "calibration.size");
        }
        switch (source) {
            case "builtin" -> {
                return new PruneSpec.Calibration(source, null, size);
            }
            case "jsonl" -> {
                return new PruneSpec.Calibration(source, CalibrationFiles.confine(jobs.calibrationDir(), c.path()),
                        size);
            }
            default -> throw invalid("invalid_calibration", "calibration.source must be builtin or jsonl.",
                    "calibration.source");
        }
    }

    private ValidatedRequest.Gate gate(CreateVariantRequest.QualityGate g) {
        if (g == null) {
            return null;
        }
        double min = g.minRetention() == null ? 0 : g.minRetention();
        int samples = g.samples() == null ? jobs.defaultGateSamples() : g.samples();
        if (!(min >= 0 && min <= 1)) {
            throw invalid("invalid_gate", "quality_gate.min_retention must be in [0, 1].", "quality_gate");
        }
        if (samples < 1 || samples > jobs.maxGateSamples()) {
            throw invalid("invalid_gate", "quality_gate.samples must be in [1, " + jobs.maxGateSamples() + "].",
                    "quality_gate");
        }
        return new ValidatedRequest.Gate(min, samples);
    }

    private static ServingException invalid(String code, String message, String param) {
        return ServingException.unprocessable(code, message, param);
    }
}
