package dev.lvlmserve.cli;

import dev.lvlmserve.DefaultModel;
import dev.lvlmserve.model.Placement;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The options every model-loading command shares: {@code --model DIR} (absent: the embedded default model) and
 * where and how the weights are computed, {@code --device} and {@code --dtype} (the server's {@code lvlm.device}
 * and {@code lvlm.dtype}).
 */
final class ModelOption {
    @Option(names = "--model", paramLabel = "DIR", description = "llava-hf checkpoint directory (default: the "
            + "embedded model, or $LVLM_MODEL)")
    Path model;

    @Option(names = "--device", paramLabel = "DEVICE", description = "cpu, gpu or gpu:N (default: gpu:0 when a GPU "
            + "is visible, else cpu)")
    String device;

    @Option(names = "--dtype", paramLabel = "DTYPE", description = "float32 or float16; BF16 checkpoints are "
            + "converted while loading (default: float16 on a GPU, float32 on the CPU)")
    String dtype;

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    private Placement placement;

    Path resolve() {
        return model != null ? model : DefaultModel.locate();
    }

    /** The device and dtype to load with, resolved once and reported on stderr; a bad value is a usage error. */
    Placement placement() {
        if (placement == null) {
            try {
                placement = Placement.resolve(device, dtype);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage().replace("lvlm.device", "--device")
                        .replace("lvlm.dtype", "--dtype"), e);
            }
            System.err.println("placement: " + placement.reason());
        }
        return placement;
    }
}
