package dev.lvlmserve.cli;

import dev.lvlmserve.eval.ablation.AblationConfig;
import dev.lvlmserve.eval.ablation.AblationFigures;
import dev.lvlmserve.eval.ablation.AblationRunner;
import dev.lvlmserve.model.llava.LlavaPipeline;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "ablate", mixinStandardHelpOptions = true,
        footer = {"", "Example: ./lvlm-serve ablate --out /tmp/ablation --speed-new-tokens 4"},
        description = "Reproduce the papers' ablations (layer and width pruning) on the built-in benchmark and write "
                + "docs/results/.")
final class AblateCommand implements Callable<Integer> {
    @Mixin
    ModelOption model;

    @Option(names = "--out", defaultValue = "docs/results", paramLabel = "DIR")
    Path out;

    @Option(names = "--ratios", split = ",", description = "default 0.1,0.2,0.3,0.4")
    List<Double> ratios;

    @Option(names = "--methods", split = ",", description = "default: every method")
    List<String> methods;

    @Option(names = "--calibration-size", defaultValue = "128")
    int calibrationSize;

    @Option(names = "--taylor-calibration-size", defaultValue = "32",
            description = "samples width-taylor takes its gradients from")
    int taylorCalibrationSize;

    @Option(names = "--test-limit", defaultValue = "60", description = "TEST samples per suite")
    int testLimit;

    @Option(names = "--enumeration-limit", defaultValue = "8", description = "VALIDATION samples per suite")
    int enumerationLimit;

    @Option(names = "--random-seeds", defaultValue = "3")
    int randomSeeds;

    @Option(names = "--enumeration-metric", defaultValue = "benchmark",
            description = "what enumeration maximises on VALIDATION data: benchmark or describe")
    String enumerationMetric;

    @Option(names = "--speed-new-tokens", defaultValue = "4",
            description = "tokens every sample generates in the speed probe (no stop token)")
    int speedNewTokens;

    @Option(names = "--describe-scenes", defaultValue = "60",
            description = "TEST scenes for the supplementary scene-description F1 (0 = skip)")
    int describeScenes;

    @Option(names = "--figures-only",
            description = "redraw the figures from DIR/results.json of an earlier run without running anything")
    boolean figuresOnly;

    @Override
    public Integer call() throws Exception {
        if (figuresOnly) {
            AblationFigures.redraw(out);
            System.out.println("redrew the figures in " + out + " from results.json");
            return 0;
        }
        AblationConfig std = AblationConfig.standard();
        AblationConfig c = new AblationConfig(ratios == null ? std.ratios() : ratios,
                methods == null ? std.methods() : methods, calibrationSize, taylorCalibrationSize, testLimit,
                enumerationLimit, randomSeeds,
                std.batchSize(), std.speedSamples(), std.timingCalibrationSize(), speedNewTokens, describeScenes,
                enumerationMetric);
        StringBuilder cmd = new StringBuilder("java -jar target/lvlm-serve.jar ablate");
        if (model.model != null) {
            cmd.append(" --model ").append(model.model);
        }
        cmd.append(" --calibration-size ").append(calibrationSize).append(" --taylor-calibration-size ")
                .append(taylorCalibrationSize).append(" --test-limit ").append(testLimit)
                .append(" --enumeration-metric ").append(enumerationMetric).append(" --speed-new-tokens ")
                .append(speedNewTokens);
        try (LlavaPipeline pipeline = LlavaPipeline.load(model.resolve(), model.placement())) {
            new AblationRunner(pipeline, c, System.out).run(out, cmd.toString());
        }
        return 0;
    }
}
