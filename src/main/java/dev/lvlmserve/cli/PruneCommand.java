package dev.lvlmserve.cli;

import dev.lvlmserve.bench.suite.Suites;
import dev.lvlmserve.eval.calibration.BenchmarkCalibrationSource;
import dev.lvlmserve.eval.calibration.JsonlCalibrationSource;
import dev.lvlmserve.model.config.Json;
import dev.lvlmserve.model.llava.LlavaPipeline;
import dev.lvlmserve.pruning.Cancellation;
import dev.lvlmserve.pruning.apply.Exporter;
import dev.lvlmserve.pruning.apply.PruneResult;
import dev.lvlmserve.pruning.apply.PruningEngine;
import dev.lvlmserve.pruning.calibration.CalibrationSource;
import dev.lvlmserve.pruning.plan.PruneOptions;
import dev.lvlmserve.pruning.plan.PruneRequest;
import dev.lvlmserve.pruning.plan.PruningMethod;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "prune", mixinStandardHelpOptions = true,
        description = "Prune decoder layers (Short-LVLM by default) and export a standard checkpoint with its plan.")
final class PruneCommand implements Callable<Integer> {
    @Mixin
    ModelOption model;

    @Option(names = "--ratio", required = true, description = "fraction of decoder layers to remove, in [0, 0.5)")
    double ratio;

    @Option(names = "--method", defaultValue = "short-lvlm", description = "short-lvlm, tis, scp, cosine-all, "
            + "text-only, vision-only, block-influence, last-n, random")
    String method;

    @Option(names = "--calibration", defaultValue = "builtin",
            description = "'builtin' (the benchmark's TRAIN split) or a LLaVA-665k-style JSONL file")
    String calibration;

    @Option(names = "--calibration-size", defaultValue = "1000")
    int calibrationSize;

    @Option(names = "--seed", defaultValue = "0")
    long seed;

    @Option(names = "--options", paramLabel = "JSON",
            description = "prune options, e.g. {\"rank\":8,\"scp_target\":\"attn-out-output\",\"tokens\":"
                    + "{\"keep_fraction\":0.1,\"per_modality\":false}}")
    String options;

    @Option(names = "--out", required = true, paramLabel = "DIR")
    Path out;

    @Override
    public Integer call() throws Exception {
        Path dir = model.resolve();
        PruneOptions o = options == null ? PruneOptions.DEFAULT : Json.MAPPER.readValue(options, PruneOptions.class);
        PruneRequest request = new PruneRequest(PruningMethod.parse(method), ratio, calibrationSize, seed,
                dir.getFileName().toString(), o, null);
        try (LlavaPipeline pipeline = LlavaPipeline.load(dir, model.placement());
                StageBar bar = new StageBar()) {
            CalibrationSource source = calibration.equals("builtin")
                    ? new BenchmarkCalibrationSource(pipeline, Suites.all())
                    : new JsonlCalibrationSource(pipeline, Path.of(calibration));
            long t0 = System.nanoTime();
            try (PruneResult result = new PruningEngine().prune(pipeline.model(), source, request, bar,
                    Cancellation.NEVER)) {
                double seconds = (System.nanoTime() - t0) / 1e9;
                bar.close();
                Exporter.export(result.variant(), result.plan(), dir, out);
                System.out.printf(Locale.ROOT, "removed layers %s of %d (%s, ratio %.2f) in %.1f s; stages %s%n",
                        result.plan().removedLayers(), result.plan().totalLayers(), method, ratio, seconds,
                        result.plan().timingsMs());
                System.out.println("wrote " + out);
            }
        }
        return 0;
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
