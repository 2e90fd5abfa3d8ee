package dev.lvlmserve.model.io;

import java.util.Arrays;

/**
 * A FLOAT32 tensor on the Java heap, row-major, for callers that write checkpoints without holding NDArrays (tests,
 * tools). The array is not copied: the writer reads it as it is when {@code write} runs.
 *
 * @param data elements in row-major order
 * @param shape dimensions; empty for a scalar
 */
public record FloatTensor(float[] data, long[] shape) {
    public FloatTensor {
        shape = shape.clone();
        long numel = TensorInfo.numel(shape);
        if (numel != data.length) {
            throw new IllegalArgumentException(
                    "shape " + Arrays.toString(shape) + " needs " + numel + " elements, data has " + data.length);
        }
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FloatTensor t && Arrays.equals(data, t.data) && Arrays.equals(shape, t.shape);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(data) + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return "FloatTensor" + Arrays.toString(shape);
    }
}
