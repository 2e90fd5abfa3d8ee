package dev.lvlmserve.eval.ablation;

import dev.lvlmserve.bench.suite.Split;
import dev.lvlmserve.bench.suite.Suites;
import dev.lvlmserve.eval.report.Charts;
import dev.lvlmserve.eval.report.LayerSimilarityMatrix;
import dev.lvlmserve.model.config.Json;
import dev.lvlmserve.model.llava.LlavaPipeline;
import dev.lvlmserve.pruning.apply.PruneResult;
import dev.lvlmserve.pruning.calibration.CalibrationSample;
import dev.lvlmserve.pruning.plan.PruneOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs the whole ablation and writes the report: {@code ablation.md}, {@code results.json} and the figures
 * (accuracy vs ratio, the similarity heatmap, the retained-layer diagram).
 */
public final class AblationRunner {
    private final LlavaPipeline pipeline;
    private final AblationConfig config;
    private final PrintStream log;

    public AblationRunner(LlavaPipeline pipeline, AblationConfig config, PrintStream log) {
        this.pipeline = pipeline;
        this.config = config;
        this.log = log;
    }

    public void run(Path out, String command) throws IOException {
        Files.createDirectories(out);
        Ablation ablation = new Ablation(pipeline, config, log);
        long started = System.nanoTime();
        Map<String, Double> base = ablation.evaluate(pipeline.model(), Split.TEST, config.testLimit());
        log.printf("base model: average %.1f %s%n", base.get("average"), base);
        List<MethodResult> results = new ArrayList<>();
        for (double ratio : config.ratios()) {
            for (String method : config.methods()) {
                results.add(ablation.run(ratio, method, PruneOptions.DEFAULT));
            }
        }
        List<MethodResult> variants = optionAblation(ablation);
        List<SpeedRow> speed = speed(ablation);
        double timing = pruneTiming(ablation);
        double[][] similarity = similarity(ablation);
        figures(out, results, similarity);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("command", command);
        json.put("config", config);
        json.put("base", base);
        json.put("results", results);
        json.put("option_ablation", variants);
        json.put("speed", speed);
        json.put("prune_seconds_1000_samples", timing);
        json.put("similarity", similarity);
        json.put("total_seconds", (System.nanoTime() - started) / 1e9);
        Files.writeString(out.resolve("results.json"), Json.MAPPER.writeValueAsString(json));
        Files.writeString(out.resolve("ablation.md"), new AblationMarkdown(config, base, results, variants, speed,
                timing, command).render());
        log.println("wrote " + out);
    }

    /** At 30 %: the SCP target, the rank, and joint vs per-modality token selection — the defaults' evidence. */
    private List<MethodResult> optionAblation(Ablation ablation) {
        List<MethodResult> out = new ArrayList<>();
        double ratio = 0.3;
        Map<String, String> variants = new LinkedHashMap<>();
        variants.put("short-lvlm (default: mlp-down-output, k=default, joint TIS)", "{}");
        variants.put("scp_target=attn-out-output", "{\"scp_target\":\"attn-out-output\"}");
        variants.put("scp_target=input-side", "{\"scp_target\":\"input-side\"}");
        variants.put("rank=1", "{\"rank\":1}");
        variants.put("rank=8", "{\"rank\":8}");
        variants.put("rank=32", "{\"rank\":32}");
        variants.put("feature_pooling=kept-mean", "{\"feature_pooling\":\"kept-mean\"}");
        variants.put("tokens per modality", "{\"tokens\":{\"keep_fraction\":0.1,\"per_modality\":true}}");
        variants.put("keep_fraction=0.3", "{\"tokens\":{\"keep_fraction\":0.3,\"per_modality\":false}}");
        variants.forEach((label, opts) -> {
            PruneOptions o = Json.MAPPER.readValue(opts, PruneOptions.class);
            MethodResult r = ablation.run(ratio, "short-lvlm", o);
            out.add(new MethodResult(r.ratio(), label, r.average(), r.spread(), r.perSuite(), r.removedLayers(),
                    r.pruneSeconds()));
        });
        return out;
    }

    public record SpeedRow(double ratio, int layers, double samplesPerSecond, double speedup, double idealSpeedup) {
        public double ofIdeal() {
            return (speedup - 1) <= 0 && (idealSpeedup - 1) <= 0 ? 1 : speedup / idealSpeedup;
        }
    }

    /** Samples/s per ratio (Short-LVLM variants) against the base, measured in the same run. */
    private List<SpeedRow> speed(Ablation ablation) {
        SpeedProbe probe = new SpeedProbe(pipeline, Suites.all(), config.speedSamples(), config.batchSize());
        probe.samplesPerSecond(pipeline, pipeline.model(), 1); // warm-up
        double baseRate = probe.samplesPerSecond(pipeline, pipeline.model(), 3);
        List<SpeedRow> rows = new ArrayList<>();
        rows.add(new SpeedRow(0, pipeline.model().languageModel().layers().size(), baseRate, 1, 1));
        for (double ratio : config.ratios()) {
            try (PruneResult r = ablation.prune(ratio, "short-lvlm", config.calibrationSize())) {
                double rate = probe.samplesPerSecond(pipeline, r.variant(), 3);
                double again = probe.samplesPerSecond(pipeline, pipeline.model(), 3); // re-measure: noisy machine
                double speedup = rate / ((baseRate + again) / 2);
                rows.add(new SpeedRow(ratio, r.variant().languageModel().layers().size(), rate, speedup,
                        probe.idealSpeedup(pipeline.model(), r.variant())));
                log.printf("speed ratio %.2f: %.1f samples/s, speedup %.3f (ideal %.3f)%n", ratio, rate, speedup,
                        rows.getLast().idealSpeedup());
            }
        }
        return rows;
    }

    /** Wall time of one default prune with the paper's 1,000 calibration samples. */
    private double pruneTiming(Ablation ablation) {
        long t0 = System.nanoTime();
        try (PruneResult r = ablation.prune(0.3, "short-lvlm", config.timingCalibrationSize())) {
            double s = (System.nanoTime() - t0) / 1e9;
            log.printf("prune with %d calibration samples: %.1f s %s%n", config.timingCalibrationSize(), s,
                    r.report().timingsMs());
            return s;
        }
    }

    private double[][] similarity(Ablation ablation) {
        List<CalibrationSample> samples = ablation.calibration().draw(32, 1);
        List<long[]> prompts = new ArrayList<>();
        List<float[]> features = new ArrayList<>();
        for (CalibrationSample s : samples) {
            prompts.add(s.promptIds());
            features.add(pipeline.imageFeatures(List.of(s.pixelValues()))[0]);
        }
        return LayerSimilarityMatrix.compute(pipeline.model(), prompts, features);
    }

    private void figures(Path out, List<MethodResult> results, double[][] similarity) throws IOException {
        double[] ratios = config.ratios().stream().mapToDouble(Double::doubleValue).toArray();
        Map<String, double[]> series = new LinkedHashMap<>();
        for (String method : config.methods()) {
            series.put(method, results.stream().filter(r -> r.method().equals(method))
                    .mapToDouble(MethodResult::average).toArray());
        }
        Charts.lines(out.resolve("accuracy_vs_ratio.png"), "Average benchmark score vs pruning ratio",
                "average headline metric (0-100)", ratios, series);
        Map<String, double[]> describe = new LinkedHashMap<>();
        for (String method : config.methods()) {
            describe.put(method, results.stream().filter(r -> r.method().equals(method))
                    .mapToDouble(r -> r.perSuite().getOrDefault("describe", Double.NaN)).toArray());
        }
        Charts.lines(out.resolve("describe_vs_ratio.png"), "Scene-description F1 vs pruning ratio",
                "F1 (0-100)", ratios, describe);
        Charts.heatmap(out.resolve("similarity_heatmap.png"), "Cosine similarity between layer hidden states",
                similarity);
        List<String> labels = new ArrayList<>();
        List<Set<Integer>> removed = new ArrayList<>();
        for (MethodResult r : results) {
            if (r.method().equals("short-lvlm")) {
                labels.add(String.format("Short-LVLM %d%%", Math.round(r.ratio() * 100)));
                removed.add(new HashSet<>(r.removedLayers().getFirst()));
            }
        }
        Charts.save(Charts.layerDiagram(labels, pipeline.model().languageModel().layers().size(), removed),
                out.resolve("retained_layers.png"));
    }
}
