package dev.lvlmserve.model.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Builds safetensors files byte by byte, independently of {@link SafetensorsWriter}, for reader tests. */
final class HandBuilt {
    private HandBuilt() {}

    /** 8-byte little-endian length, the header exactly as given, then {@code data}. */
    static Path file(Path path, String header, byte[] data) throws IOException {
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        return file(path, json.length, json, data);
    }

    /** As {@link #file(Path, String, byte[])} with an arbitrary (possibly lying) header length. */
    static Path file(Path path, long declaredLength, byte[] header, byte[] data) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(8 + header.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        buf.putLong(declaredLength).put(header).put(data);
        Files.write(path, buf.array());
        return path;
    }

    static byte[] shortsLe(int... values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int v : values) {
            b.putShort((short) v);
        }
        return b.array();
    }

    static byte[] floatsLe(float... values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            b.putFloat(v);
        }
        return b.array();
    }

    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        ByteBuffer b = ByteBuffer.allocate(n);
        for (byte[] p : parts) {
            b.put(p);
        }
        return b.array();
    }

    /** Deterministic values in ±[0.01, 100), away from F16's subnormal and overflow ranges. */
    static float[] values(int n, long seed) {
        java.util.Random r = new java.util.Random(seed);
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            float magnitude = (float) Math.pow(10, -2 + 4 * r.nextDouble());
            out[i] = r.nextBoolean() ? magnitude : -magnitude;
        }
        return out;
    }
}
