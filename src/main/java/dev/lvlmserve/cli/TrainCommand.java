package dev.lvlmserve.cli;

import dev.lvlmserve.train.DefaultModelTrainer;
import dev.lvlmserve.train.TrainConfig;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "train", mixinStandardHelpOptions = true,
        footer = {"", "Example: ./lvlm-serve train --config models/scenes-llava-16l.stage1.json --out /tmp/stage1"},
        description = "Train the default model from scratch on the built-in benchmark (reproducible from the "
                + "config file's seed).")
final class TrainCommand implements Callable<Integer> {
    @Option(names = "--config", required = true, paramLabel = "FILE", description = "training config JSON")
    Path config;

    @Option(names = "--out", required = true, paramLabel = "DIR")
    Path out;

    @Option(names = "--init", paramLabel = "DIR",
            description = "continue from this checkpoint (fresh optimizer and schedule; the config's architecture "
                    + "fields are ignored)")
    Path init;

    @Override
    public Integer call() throws Exception {
        TrainConfig c = TrainConfig.read(config);
        String command = "java -jar target/lvlm-serve.jar train --config " + config + " --out " + out
                + (init == null ? "" : " --init " + init);
        new DefaultModelTrainer(c, System.out).run(out, command, init);
        return 0;
    }
}
