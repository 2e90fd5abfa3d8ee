package dev.lvlmserve.cli;

import dev.lvlmserve.DefaultModel;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The shared {@code --model DIR} option; absent means the embedded default model. */
final class ModelOption {
    @Option(names = "--model", paramLabel = "DIR", description = "llava-hf checkpoint directory (default: the "
            + "embedded model, or $LVLM_MODEL)")
    Path model;

    Path resolve() {
        return model != null ? model : DefaultModel.locate();
    }
}
