package dev.lvlmserve.model.io;

import java.util.Arrays;

/**
 * One tensor's entry in a safetensors header.
 *
 * @param name the key as written in the file
 * @param dtype element type in the file
 * @param shape dimensions; empty for a scalar
 * @param begin first byte, relative to the start of the data region (after the header)
 * @param end one past the last byte, relative to the start of the data region
 */
public record TensorInfo(String name, SafeDType dtype, long[] shape, long begin, long end) {
    public TensorInfo {
        shape = shape.clone();
    }

    /** A copy: callers cannot change the recorded shape. */
    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** Number of elements (1 for a scalar). */
    public long numel() {
        return numel(shape);
    }

    /** Bytes the tensor occupies in the file. */
    public long byteLength() {
        return end - begin;
    }

    static long numel(long[] shape) {
        long n = 1;
        for (long d : shape) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TensorInfo t
                && name.equals(t.name)
                && dtype == t.dtype
                && Arrays.equals(shape, t.shape)
                && begin == t.begin
                && end == t.end;
    }

    @Override
    public int hashCode() {
        return (name.hashCode() * 31 + dtype.hashCode()) * 31 + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return name + " " + dtype + Arrays.toString(shape) + " @[" + begin + ", " + end + ")";
    }
}
