package dev.lvlmserve.model.io;

import java.nio.file.Path;

/**
 * The safetensors element types this project reads and writes. Tensors load as FLOAT32 or FLOAT16; BF16 in
 * particular must never reach DJL, whose PyTorch engine aborts the JVM on BF16 tensors, so it is converted on the
 * host while it is read.
 */
public enum SafeDType {
    F32(4),
    F16(2),
    BF16(2);

    private final int byteSize;

    SafeDType(int byteSize) {
        this.byteSize = byteSize;
    }

    /** Bytes per element in the file. */
    public int byteSize() {
        return byteSize;
    }

    /** The dtype string as it appears in a safetensors header ("F32", "F16", "BF16"). */
    public String headerName() {
        return name();
    }

    /**
     * Parses a header dtype string. Other safetensors dtypes (I64, F64, U8, ...) are valid files but not weights this
     * project can use, so they are rejected with the tensor and file named.
     */
    public static SafeDType parse(String dtype, String tensor, Path file) {
        for (SafeDType d : values()) {
            if (d.headerName().equals(dtype)) {
                return d;
            }
        }
        throw new CheckpointException(
                file + ": tensor '" + tensor + "' has unsupported dtype '" + dtype + "' (supported: F32, F16, BF16)");
    }
}
