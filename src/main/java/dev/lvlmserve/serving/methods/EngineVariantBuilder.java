package dev.lvlmserve.serving.methods;

import ai.djl.ndarray.NDArray;
import dev.lvlmserve.bench.suite.Suites;
import dev.lvlmserve.eval.calibration.BenchmarkCalibrationSource;
import dev.lvlmserve.eval.calibration.JsonlCalibrationSource;
import dev.lvlmserve.model.config.LlavaConfig;
import dev.lvlmserve.model.llava.LlavaPipeline;
import dev.lvlmserve.pruning.apply.PruneResult;
import dev.lvlmserve.pruning.apply.PruningEngine;
import dev.lvlmserve.pruning.calibration.CalibrationSource;
import dev.lvlmserve.pruning.plan.LayerScore;
import dev.lvlmserve.pruning.plan.PruneOptions;
import dev.lvlmserve.pruning.plan.PruneRequest;
import dev.lvlmserve.pruning.plan.PruningMethod;
import dev.lvlmserve.serving.jobs.BuiltVariant;
import dev.lvlmserve.serving.jobs.ProgressSink;
import dev.lvlmserve.serving.jobs.PruneSpec;
import dev.lvlmserve.serving.jobs.VariantBuilder;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * A prune job through the pruning engine ({@link PruningEngine}): Short-LVLM and the calibrated baselines. The
 * variant's own tensors (SCP's edited weights) are found by identity against the base, which it otherwise shares.
 */
public final class EngineVariantBuilder implements VariantBuilder {
    /** Stage weights for one overall percentage: calibration dominates, the rest is quick. */
    private static final Map<String, double[]> STAGES = Map.of(
            "calibrate", new double[] {0.0, 0.8},
            "capture-features", new double[] {0.8, 0.9},
            "localize", new double[] {0.8, 0.85},
            "compensate", new double[] {0.9, 0.97},
            "apply", new double[] {0.97, 1.0});

    private static final ObjectMapper STRICT =
            JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    private final PruningMethod method;
    private final PruningEngine engine;

    public EngineVariantBuilder(PruningMethod method, PruningEngine engine) {
        this.method = method;
        this.engine = engine;
    }

    @Override
    public String method() {
        return method.jsonName();
    }

    @Override
    public void validate(PruneSpec spec, LlavaConfig base) {
        PruneRequest request = request(spec);
        List<Integer> layers = java.util.stream.IntStream.range(0, base.textConfig().numHiddenLayers()).boxed()
                .toList();
        if (request.removalCount(layers) < 1) {
            throw new IllegalArgumentException("ratio " + spec.ratio() + " removes no layer of "
                    + layers.size());
        }
    }

    @Override
    public BuiltVariant build(LlavaPipeline base, PruneSpec spec, ProgressSink progress, BooleanSupplier cancelled) {
        PruneRequest request = request(spec).withBaseModelId(spec.base());
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
        Map<String, NDArray> own = new LinkedHashMap<>();
        result.variant().weights().asMap().forEach((key, tensor) -> {
            NDArray shared = base.model().weights().optional(key);
            if (shared != tensor) {
                own.put(key, tensor);
            }
        });
        Map<Integer, Double> scores = new LinkedHashMap<>();
        for (LayerScore s : result.report().layerScores()) {
            scores.put(s.layer(), s.score());
        }
        return new BuiltVariant(result.variant(), result.report().toJson(), own, result.report().removedLayers(), scores);
    }

    private PruneRequest request(PruneSpec spec) {
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
            throw new IllegalArgumentException("invalid options: " + (root instanceof IllegalArgumentException
                    ? root.getMessage() : e.getOriginalMessage()), e);
        }
        // the variant store persists whole replaced tensors until it reads recipes, so deltas are materialized here
        return new PruneRequest(method, spec.ratio(), spec.calibration().size(), spec.seed(), spec.base(),
                options.withDeltaMode(dev.lvlmserve.model.recipe.DeltaMode.MATERIALIZED), null);
    }
}
