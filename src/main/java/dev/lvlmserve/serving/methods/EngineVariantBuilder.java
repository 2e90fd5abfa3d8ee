package dev.lvlmserve.serving.methods;

import dev.lvlmserve.bench.suite.Suites;
import dev.lvlmserve.eval.calibration.BenchmarkCalibrationSource;
import dev.lvlmserve.eval.calibration.JsonlCalibrationSource;
import dev.lvlmserve.model.llava.LlavaPipeline;
import dev.lvlmserve.pruning.apply.PruneResult;
import dev.lvlmserve.pruning.apply.PruningEngine;
import dev.lvlmserve.pruning.calibration.CalibrationSource;
import dev.lvlmserve.pruning.plan.InvalidPruneRequest;
import dev.lvlmserve.pruning.plan.ModelShape;
import dev.lvlmserve.pruning.plan.PruneOptions;
import dev.lvlmserve.pruning.plan.PruneRequest;
import dev.lvlmserve.pruning.plan.PruningMethod;
import dev.lvlmserve.serving.jobs.BuiltVariant;
import dev.lvlmserve.serving.jobs.ProgressSink;
import dev.lvlmserve.serving.jobs.PruneSpec;
import dev.lvlmserve.serving.jobs.VariantBuilder;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Prune jobs through the pruning engine ({@link PruningEngine}), for every method the pruning registry serves
 * ({@link PruningMethod#served()}): Short-LVLM and its baselines, and the width methods. Validation is the
 * registry's ({@link PruneRequest#validateChange}); the job's variant is the engine's, with its recipe and tensors.
 */
public final class EngineVariantBuilder implements VariantBuilder {
    /** Stage weights for one overall percentage: calibration (or importance) dominates, the rest is quick. */
    private static final Map<String, double[]> STAGES = Map.of(
            "calibrate", new double[] {0.0, 0.8},
            "importance", new double[] {0.0, 0.8},
            "capture-features", new double[] {0.8, 0.9},
            "localize", new double[] {0.8, 0.85},
            "compensate", new double[] {0.9, 0.97},
            "apply", new double[] {0.97, 1.0});

    private static final ObjectMapper STRICT =
            JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    private final PruningEngine engine;

    public EngineVariantBuilder(PruningEngine engine) {
        this.engine = engine;
    }

    @Override
    public List<String> methods() {
        return PruningMethod.served().stream().map(PruningMethod::jsonName).toList();
    }

    @Override
    public void validate(PruneSpec spec, ModelShape base) {
        request(spec).validateChange(base);
    }

    @Override
    public BuiltVariant build(LlavaPipeline base, PruneSpec spec, ProgressSink progress, BooleanSupplier cancelled) {
        PruneRequest request = request(spec);
        CalibrationSource source = switch (spec.calibration().source()) {
            case "jsonl" -> new JsonlCalibrationSource(base, Path.of(spec.calibration().path()));
            default -> new BenchmarkCalibrationSource(base, Suites.all());
        };
        String[] current = {""};
        PruneResult result = engine.prune(base.model(), source, request, (stage, done, total) -> {
            if (!stage.equals(current[0])) {
                current[0] = stage;
                progress.stage(stage);
            }
            double[] span = STAGES.getOrDefault(stage, new double[] {0, 1});
            progress.progress(span[0] + (span[1] - span[0]) * (total == 0 ? 1 : (double) done / total));
        }, cancelled);
        return new BuiltVariant(result.variant(), result.recipe(), result.tensors());
    }

    private static PruneRequest request(PruneSpec spec) {
        PruneOptions options;
        try {
            options = spec.options().isEmpty() ? PruneOptions.DEFAULT
                    : STRICT.convertValue(spec.options(), PruneOptions.class);
        } catch (JacksonException e) {
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            // a typo in an option name or a value out of range is the client's error (422), never a 500
            throw new InvalidPruneRequest("options", "invalid options: " + (root instanceof IllegalArgumentException
                    ? root.getMessage() : e.getOriginalMessage()));
        }
        return new PruneRequest(PruningMethod.parse(spec.method()), spec.ratio(), spec.calibration().size(),
                spec.seed(), spec.base(), options, null);
    }
}
