package dev.lvlmserve.model;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import java.util.Locale;

/**
 * Where a model's weights live and in which dtype they are computed: the {@code lvlm.device} / {@code lvlm.dtype}
 * settings ({@code --device} / {@code --dtype} on the command line), resolved once.
 *
 * <p>Unset values get defaults as transformers users expect them: {@code gpu} + {@code float16} when a GPU is
 * visible, {@code cpu} + {@code float32} otherwise; a device given without a dtype gets that device's default
 * (fp16 matmuls on a CPU are tens of times slower than fp32, so fp16 there is only ever chosen explicitly).
 *
 * @param reason how the values were chosen, for the start-up log
 */
public record Placement(Device device, DataType dtype, String reason) {
    public Placement {
        if (dtype != DataType.FLOAT32 && dtype != DataType.FLOAT16) {
            throw new IllegalArgumentException("dtype " + dtype + " is not supported (float32, float16)");
        }
    }

    /** fp32 on the CPU: what tests, training and pruning's own arithmetic use. */
    public static Placement cpuFloat32() {
        return new Placement(Device.cpu(), DataType.FLOAT32, "cpu float32");
    }

    /**
     * Resolves the two settings against the GPUs libtorch sees.
     *
     * @param device {@code cpu}, {@code gpu} or {@code gpu:N}; null or blank for the default
     * @param dtype {@code float32} or {@code float16} (also {@code fp32}, {@code fp16}); null or blank for the
     *     device's default
     */
    public static Placement resolve(String device, String dtype) {
        return resolve(device, dtype, Djl.engine().getGpuCount());
    }

    /** As {@link #resolve(String, String)} with the visible GPU count given (testable without a GPU). */
    static Placement resolve(String device, String dtype, int visibleGpus) {
        boolean autoDevice = device == null || device.isBlank();
        Device d = autoDevice ? (visibleGpus > 0 ? Device.gpu(0) : Device.cpu()) : parseDevice(device, visibleGpus);
        boolean autoDtype = dtype == null || dtype.isBlank();
        DataType t = autoDtype ? (d.isGpu() ? DataType.FLOAT16 : DataType.FLOAT32) : parseDtype(dtype);
        String why = describe(d, t) + " (" + (autoDevice
                ? "device: default, " + visibleGpus + " GPU" + (visibleGpus == 1 ? "" : "s") + " visible"
                : "device: set") + "; " + (autoDtype ? "dtype: default for the device" : "dtype: set") + ")";
        return new Placement(d, t, why);
    }

    /** {@code cpu} or {@code gpu:N}, the spelling the settings use. */
    public String deviceName() {
        return device.isGpu() ? "gpu:" + device.getDeviceId() : "cpu";
    }

    /** {@code float32} or {@code float16}, the spelling the settings use (and PyTorch's). */
    public String dtypeName() {
        return dtype == DataType.FLOAT16 ? "float16" : "float32";
    }

    private static String describe(Device d, DataType t) {
        return (d.isGpu() ? "gpu:" + d.getDeviceId() : "cpu") + " " + (t == DataType.FLOAT16 ? "float16" : "float32");
    }

    private static Device parseDevice(String value, int visibleGpus) {
        String v = value.strip().toLowerCase(Locale.ROOT);
        if (v.equals("cpu")) {
            return Device.cpu();
        }
        int id;
        if (v.equals("gpu") || v.equals("cuda")) {
            id = 0;
        } else if (v.startsWith("gpu:") || v.startsWith("cuda:")) {
            try {
                id = Integer.parseInt(v.substring(v.indexOf(':') + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("lvlm.device '" + value + "' is not cpu, gpu or gpu:N");
            }
        } else {
            throw new IllegalArgumentException("lvlm.device '" + value + "' is not cpu, gpu or gpu:N");
        }
        if (id < 0 || id >= visibleGpus) {
            throw new IllegalArgumentException("lvlm.device '" + value + "' asks for GPU " + id + " but libtorch sees "
                    + visibleGpus + " GPU" + (visibleGpus == 1 ? "" : "s")
                    + (visibleGpus == 0 ? " (is this the CPU build? GPUs need ./mvnw -Pcuda package)" : ""));
        }
        return Device.gpu(id);
    }

    private static DataType parseDtype(String value) {
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "float32", "fp32", "f32" -> DataType.FLOAT32;
            case "float16", "fp16", "f16", "half" -> DataType.FLOAT16;
            case "bfloat16", "bf16" -> throw new IllegalArgumentException("lvlm.dtype '" + value + "' is not "
                    + "supported: DJL's PyTorch engine aborts on BF16 tensors; BF16 checkpoints load as float16 or "
                    + "float32");
            default -> throw new IllegalArgumentException("lvlm.dtype '" + value + "' is not float32 or float16");
        };
    }
}
