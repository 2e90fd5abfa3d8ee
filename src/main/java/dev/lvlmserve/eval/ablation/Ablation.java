package dev.lvlmserve.eval.ablation;

import dev.lvlmserve.bench.suite.BenchmarkSuite;
import dev.lvlmserve.bench.suite.Split;
import dev.lvlmserve.bench.suite.Suites;
import dev.lvlmserve.eval.SuiteEvaluator;
import dev.lvlmserve.eval.SuiteResult;
import dev.lvlmserve.eval.calibration.BenchmarkCalibrationSource;
import dev.lvlmserve.model.llava.LlavaModel;
import dev.lvlmserve.model.llava.LlavaPipeline;
import dev.lvlmserve.pruning.Cancellation;
import dev.lvlmserve.pruning.ProgressListener;
import dev.lvlmserve.pruning.apply.PruneResult;
import dev.lvlmserve.pruning.apply.PruningEngine;
import dev.lvlmserve.pruning.calibration.CalibrationSource;
import dev.lvlmserve.pruning.plan.PruneOptions;
import dev.lvlmserve.pruning.plan.PruneRequest;
import dev.lvlmserve.pruning.plan.PruningMethod;
import dev.lvlmserve.pruning.scoring.LayerLocalizer;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleFunction;

/**
 * The paper's ablation on the built-in benchmark, with the structural-pruning study's width methods beside it: every
 * method at every ratio (the same fraction of decoder-layer parameters for layer and width methods), pruned from the
 * same base with the same calibration draw, evaluated zero-shot on the same TEST slice. Enumeration scores each layer
 * subset on a VALIDATION slice and is then evaluated on TEST like the rest, so it is an upper bound for layer choice,
 * not a test-set oracle.
 */
public final class Ablation {
    private final LlavaPipeline pipeline;
    private final AblationConfig config;
    private final PrintStream log;
    private final List<BenchmarkSuite> suites = Suites.all();
    private final CalibrationSource calibration;

    public Ablation(LlavaPipeline pipeline, AblationConfig config, PrintStream log) {
        this.pipeline = pipeline;
        this.config = config;
        this.log = log;
        this.calibration = new BenchmarkCalibrationSource(pipeline, suites);
    }

    /** Average headline metric and per-suite scores of a model on the TEST slice. */
    public Map<String, Double> evaluate(LlavaModel model, Split split, int limit) {
        LlavaPipeline p = model == pipeline.model() ? pipeline : pipeline.withModel(model);
        Map<String, Double> out = new LinkedHashMap<>();
        List<SuiteResult> results = new ArrayList<>();
        SuiteEvaluator evaluator = new SuiteEvaluator(config.batchSize());
        for (BenchmarkSuite s : suites) {
            SuiteResult r = evaluator.evaluate(p, s, split, limit, n -> {});
            results.add(r);
            out.put(s.name(), r.score().metric());
        }
        out.put("average", SuiteEvaluator.average(results));
        if (split == Split.TEST && config.describeScenes() > 0) {
            out.put("describe", new dev.lvlmserve.eval.DescribeEvaluator(config.batchSize()).f1(p,
                    config.describeScenes()));
        }
        return out;
    }

    public MethodResult run(double ratio, String method, PruneOptions options) {
        PruningMethod m = PruningMethod.parse(method);
        int runs = m == PruningMethod.RANDOM || m == PruningMethod.WIDTH_RANDOM ? config.randomSeeds() : 1;
        List<Double> averages = new ArrayList<>();
        Map<String, Double> perSuite = new LinkedHashMap<>();
        List<List<Integer>> removed = new ArrayList<>();
        double seconds = 0;
        double parameters = 0;
        for (int seed = 0; seed < runs; seed++) {
            PruneRequest request = new PruneRequest(m, m.isWidth() ? matched(ratio) : ratio,
                    calibrationSize(m, config.calibrationSize()), seed, "default", options,
                    m == PruningMethod.ENUMERATE ? enumerationScore() : null);
            long t0 = System.nanoTime();
            try (PruneResult r = new PruningEngine().prune(pipeline.model(), calibration, request,
                    ProgressListener.NONE, Cancellation.NEVER)) {
                seconds += (System.nanoTime() - t0) / 1e9;
                Map<String, Double> scores = evaluate(r.variant(), Split.TEST, config.testLimit());
                averages.add(scores.get("average"));
                scores.forEach((k, v) -> perSuite.merge(k, v / runs, Double::sum));
                removed.add(r.report().removedLayers());
                parameters += r.report().parameters().decoderRemovedFraction() / runs;
            }
        }
        double mean = averages.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        double var = averages.stream().mapToDouble(a -> (a - mean) * (a - mean)).sum() / Math.max(1, runs - 1);
        MethodResult result = new MethodResult(ratio, method, mean, runs > 1 ? Math.sqrt(var) : 0, perSuite, removed,
                parameters, seconds / runs);
        log.printf("ratio %.2f %-16s avg %.1f%s describe %.1f removed %s, decoder parameters -%.1f %% (prune %.1f s)%n",
                ratio, method, mean, runs > 1 ? String.format(" ± %.1f", result.spread()) : "",
                perSuite.getOrDefault("describe", Double.NaN), removed, 100 * parameters, result.pruneSeconds());
        return result;
    }

    /** Enumeration's evaluator: plain removal of the subset, scored on a VALIDATION slice. */
    private ToDoubleFunction<Set<Integer>> enumerationScore() {
        boolean describe = config.enumerationMetric().equals("describe");
        return layers -> {
            try (LlavaModel v = pipeline.model().withoutLayers(layers)) {
                if (describe) {
                    return new dev.lvlmserve.eval.DescribeEvaluator(config.batchSize()).f1(pipeline.withModel(v),
                            Split.VALIDATION, config.enumerationLimit() * 3);
                }
                return evaluate(v, Split.VALIDATION, config.enumerationLimit()).get("average");
            }
        };
    }

    /** width-taylor's gradients come from its own, smaller set (a backward pass per sample); the rest use {@code n}. */
    private int calibrationSize(PruningMethod m, int n) {
        return m == PruningMethod.WIDTH_TAYLOR ? Math.min(n, config.taylorCalibrationSize()) : n;
    }

    /**
     * The fraction of decoder-layer parameters the layer methods remove at {@code ratio} — round(ratio·L) of L equal
     * layers — which is where the width methods are run, so every column compares equal parameter reductions.
     */
    public double matched(double ratio) {
        int layers = pipeline.model().languageModel().layers().size();
        return LayerLocalizer.removalCount(ratio, layers) / (double) layers;
    }

    /** One prune at a ratio (a width method at {@link #matched}), seed 0, for the speed runs and the prune timing. */
    public PruneResult prune(double ratio, String method, int calibrationSize, PruneOptions options) {
        PruningMethod m = PruningMethod.parse(method);
        PruneRequest request = new PruneRequest(m, m.isWidth() ? matched(ratio) : ratio,
                calibrationSize(m, calibrationSize), 0, "default", options, null);
        return new PruningEngine().prune(pipeline.model(), calibration, request, ProgressListener.NONE,
                Cancellation.NEVER);
    }

    public CalibrationSource calibration() {
        return calibration;
    }

}
