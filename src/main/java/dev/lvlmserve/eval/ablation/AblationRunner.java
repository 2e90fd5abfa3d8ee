package dev.lvlmserve.eval.ablation;

import dev.lvlmserve.bench.suite.Split;
import dev.lvlmserve.bench.suite.Suites;
import dev.lvlmserve.eval.report.LayerSimilarityMatrix;
import dev.lvlmserve.model.config.Json;
import dev.lvlmserve.model.llava.LlavaPipeline;
import dev.lvlmserve.pruning.apply.PruneResult;
import dev.lvlmserve.pruning.calibration.CalibrationSample;
import dev.lvlmserve.pruning.plan.GqaMode;
import dev.lvlmserve.pruning.plan.PruneOptions;
import dev.lvlmserve.pruning.plan.PruneRequest;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs the whole ablation and writes the report: {@code ablation.md}, {@code results.json} and the figures
 * (accuracy vs ratio, layer vs width retention, the similarity heatmap, the retained-layer diagram).
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
        List<MethodResult> gqa = config.methods().contains("width-taylor") ? gqaAblation(ablation) : List.of();
        SpeedRuns speed = new SpeedRuns(pipeline, ablation, config, log);
        List<SpeedRow> speedRows = speed.families();
        List<DeltaRow> deltas = speed.deltaModes(0.3);
        double timing = pruneTiming(ablation);
        double[][] similarity = similarity(ablation);
        AblationFigures.write(out, config, base, results, similarity, command);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("command", command);
        json.put("config", config);
        json.put("base", base);
        json.put("results", results);
        json.put("option_ablation", variants);
        json.put("gqa_ablation", gqa);
        json.put("speed", speedRows);
        json.put("delta_modes", deltas);
        json.put("prune_seconds_1000_samples", timing);
        json.put("similarity", similarity);
        json.put("total_seconds", (System.nanoTime() - started) / 1e9);
        Files.writeString(out.resolve("results.json"), Json.MAPPER.writeValueAsString(json));
        Files.writeString(out.resolve("ablation.md"), new AblationMarkdown(config, base, results, variants, gqa,
                speedRows, deltas, timing, command).render());
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
        variants.forEach((label, opts) -> out.add(ablation.run(ratio, "short-lvlm",
                Json.MAPPER.readValue(opts, PruneOptions.class)).labelled(label)));
        return out;
    }

    /** width-taylor at every ratio under the GQA mode that is not the default (the default's are the main rows). */
    private List<MethodResult> gqaAblation(Ablation ablation) {
        GqaMode other = PruneRequest.DEFAULT_GQA == GqaMode.HEADS ? GqaMode.GROUPS : GqaMode.HEADS;
        List<MethodResult> out = new ArrayList<>();
        for (double ratio : config.ratios()) {
            out.add(ablation.run(ratio, "width-taylor", PruneOptions.DEFAULT.withGqa(other))
                    .labelled("width-taylor gqa=" + other.jsonName()));
        }
        return out;
    }

    /** Wall time of one default Short-LVLM prune with the paper's 1,000 calibration samples. */
    private double pruneTiming(Ablation ablation) {
        long t0 = System.nanoTime();
        try (PruneResult r = ablation.prune(0.3, "short-lvlm", config.timingCalibrationSize(),
                PruneOptions.DEFAULT)) {
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
}
