package dev.lvlmserve.cli;

import dev.lvlmserve.bench.suite.Suites;
import dev.lvlmserve.eval.calibration.BenchmarkCalibrationSource;
import dev.lvlmserve.eval.calibration.JsonlCalibrationSource;
import dev.lvlmserve.model.Autograd;
import dev.lvlmserve.model.config.Json;
import dev.lvlmserve.model.llama.LayerShape;
import dev.lvlmserve.model.llava.LlavaPipeline;
import dev.lvlmserve.model.recipe.DeltaMode;
import dev.lvlmserve.pruning.Cancellation;
import dev.lvlmserve.pruning.apply.Exporter;
import dev.lvlmserve.pruning.apply.PruneResult;
import dev.lvlmserve.pruning.apply.PruningEngine;
import dev.lvlmserve.pruning.calibration.CalibrationSource;
import dev.lvlmserve.pruning.plan.GqaMode;
import dev.lvlmserve.pruning.plan.ModelShape;
import dev.lvlmserve.pruning.plan.ParameterReport;
import dev.lvlmserve.pruning.plan.PruneOptions;
import dev.lvlmserve.pruning.plan.PruneRequest;
import dev.lvlmserve.pruning.plan.PruningMethod;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "prune", mixinStandardHelpOptions = true,
        footer = {"", "Example: ./lvlm-serve prune --ratio 0.3 --calibration-size 256 --out /tmp/pruned30"},
        description = "Prune decoder layers (Short-LVLM by default) or heads and MLP neurons (width-*), and export a "
                + "checkpoint with its recipe (variant_recipe.json).")
final class PruneCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ModelOption model;

    @Option(names = "--ratio", required = true, description = "fraction of the decoder's layer parameters to remove: "
            + "[0, 0.5) for layer methods (round(R·L) layers), [0, 1) for width methods")
    double ratio;

    @Option(names = "--method", defaultValue = "short-lvlm", description = "short-lvlm, tis, scp, cosine-all, "
            + "text-only, vision-only, block-influence, last-n, random, width-taylor, width-activation, width-random")
    String method;

    @Option(names = "--layers", paramLabel = "A-B", description = "the layers the method may change (inclusive): "
            + "removal candidates, or the layers a width method narrows (default: the method's)")
    String layers;

    @Option(names = "--gqa", paramLabel = "groups|heads", description = "width methods under grouped-query "
            + "attention: remove whole key/value groups, or the same number of query heads in every group "
            + "(default heads)")
    GqaMode gqa;

    @Option(names = "--delta-mode", paramLabel = "factored|materialized",
            description = "how SCP's low-rank edits are applied in memory (an export always materializes them)")
    String deltaMode;

    @Option(names = "--calibration", defaultValue = "builtin",
            description = "'builtin' (the benchmark's TRAIN split) or a LLaVA-665k-style JSONL file")
    String calibration;

    @Option(names = "--calibration-size", defaultValue = "1000")
    int calibrationSize;

    @Option(names = "--seed", defaultValue = "0")
    long seed;

    @Option(names = "--options", paramLabel = "JSON",
            description = "prune options, e.g. {\"rank\":8,\"scp_target\":\"attn-out-output\",\"tokens\":"
                    + "{\"keep_fraction\":0.1,\"per_modality\":false}} or {\"remove_heads\":2}")
    String options;

    @Option(names = "--out", required = true, paramLabel = "DIR")
    Path out;

    @Override
    public Integer call() throws Exception {
        Path dir = model.resolve();
        PruneRequest request;
        try {
            request = request(dir.getFileName().toString());
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        try (LlavaPipeline pipeline = LlavaPipeline.load(dir, model.placement());
                StageBar bar = new StageBar()) {
            try {
                request.validateChange(ModelShape.of(pipeline.model()));
                if (request.method() == PruningMethod.WIDTH_TAYLOR) { // before calibration, not after it
                    Autograd.requireFloat32(pipeline.model(), "width-taylor");
                }
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
            CalibrationSource source = calibration.equals("builtin")
                    ? new BenchmarkCalibrationSource(pipeline, Suites.all())
                    : new JsonlCalibrationSource(pipeline, Path.of(calibration));
            long t0 = System.nanoTime();
            try (PruneResult result = new PruningEngine().prune(pipeline.model(), source, request, bar,
                    Cancellation.NEVER)) {
                double seconds = (System.nanoTime() - t0) / 1e9;
                bar.close();
                Exporter.export(result.variant(), result.recipe(), dir, out);
                print(result, seconds);
                System.out.println("wrote " + out);
            }
        }
        return 0;
    }

    private PruneRequest request(String baseId) {
        PruneOptions o = options == null ? PruneOptions.DEFAULT : Json.MAPPER.readValue(options, PruneOptions.class);
        if (layers != null) {
            o = o.withCandidateLayers(PruneOptions.range(layers));
        }
        if (gqa != null) {
            o = o.withGqa(gqa);
        }
        if (deltaMode != null) {
            o = o.withDeltaMode(DeltaMode.parse(deltaMode));
        }
        return new PruneRequest(PruningMethod.parse(method), ratio, calibrationSize, seed, baseId, o, null);
    }

    private void print(PruneResult r, double seconds) {
        ParameterReport p = r.report().parameters();
        System.out.printf(Locale.ROOT, "%s at ratio %.2f in %.1f s: removed layers %s of %d; decoder parameters "
                + "-%.1f %% (%,d → %,d), whole model -%.1f %%; stages %s%n", method, ratio, seconds,
                r.recipe().removedLayers(), r.recipe().base().numLayers(), 100 * p.decoderRemovedFraction(),
                p.decoderBefore(), p.decoderAfter(), 100 * p.totalRemovedFraction(), r.report().timingsMs());
        if (!r.recipe().widths().isEmpty()) {
            StringBuilder sb = new StringBuilder("layer widths (heads/kv heads/neurons):");
            for (LayerShape s : r.variant().layerShapes()) {
                sb.append(String.format(Locale.ROOT, " %d:%d/%d/%d", s.layerId(), s.heads(), s.kvHeads(),
                        s.intermediate()));
            }
            System.out.println(sb);
        }
        if (!r.recipe().deltas().isEmpty()) {
            System.out.printf(Locale.ROOT, "%d low-rank deltas (%s): the variant owns %,d bytes%n",
                    r.recipe().deltas().size(), r.recipe().deltaMode().jsonName(), r.variant().ownedBytes());
        }
    }

    /** One progress bar per stage, with ETA, on stderr. */
    static final class StageBar implements dev.lvlmserve.pruning.ProgressListener, AutoCloseable {
        private me.tongfei.progressbar.ProgressBar bar;
        private String stage;

        @Override
        public void onProgress(String s, long done, long total) {
            if (!s.equals(stage)) {
                close();
                stage = s;
                bar = new me.tongfei.progressbar.ProgressBarBuilder().setTaskName(s).setInitialMax(total)
                        .setStyle(me.tongfei.progressbar.ProgressBarStyle.ASCII)
                        .setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(System.err)).build();
            }
            bar.maxHint(total);
            bar.stepTo(done);
        }

        @Override
        public void close() {
            if (bar != null) {
                bar.close();
                bar = null;
            }
        }
    }
}
