package dev.lvlmserve.cli;

import dev.lvlmserve.model.llava.LlavaPipeline;
import dev.lvlmserve.train.TrainConfig;
import dev.lvlmserve.train.TrainingDiagnosis;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "train-diagnose", mixinStandardHelpOptions = true,
        footer = {"", "Example: ./lvlm-serve train-diagnose --config models/scenes-llava-16l.stage12.json"
                + " --samples 64"},
        description = "Which heads are closest to each attention-supervision task, and how often the first answer "
                + "token is right per source and number of options, on a fresh batch of a config's training mix.")
final class TrainDiagnoseCommand implements Callable<Integer> {
    @Mixin
    ModelOption model;

    @Option(names = "--config", required = true, paramLabel = "FILE", description = "training config JSON")
    Path config;

    @Option(names = "--samples", defaultValue = "96", description = "examples per batch (and per source)")
    int samples;

    @Override
    public Integer call() throws Exception {
        try (LlavaPipeline pipeline = LlavaPipeline.load(model.resolve(), model.placement())) {
            TrainingDiagnosis.run(pipeline, TrainConfig.read(config), samples).print(System.out);
        }
        return 0;
    }
}
