package dev.lvlmserve.model.llava;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * A cheap identity for a loaded model: SHA-256 over its config, every weight's key and shape, and 16 values sampled
 * evenly from each tensor (read as float32). Not a full content hash (that would read 14 GB for a 7B model), but
 * enough to stop a recipe from being applied to a different model or a different checkpoint of the same
 * architecture. The compute dtype is left out, so a base loaded in fp16 on a GPU keeps the fingerprint it has in
 * fp32 on the CPU when its checkpoint holds fp16 values (as the embedded model's does).
 */
public final class ModelFingerprint {
    private static final int PROBES = 16;

    private ModelFingerprint() {}

    public static String of(LlavaModel model) {
        MessageDigest sha = sha256();
        sha.update(model.config().toJson().toString().getBytes(StandardCharsets.UTF_8));
        Map<String, NDArray> sorted = new TreeMap<>(model.weights().asMap());
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            sorted.forEach((key, a) -> {
                sha.update((key + a.getShape()).getBytes(StandardCharsets.UTF_8));
                long size = a.size();
                int probes = (int) Math.min(size, PROBES);
                long[] index = new long[probes];
                for (int i = 0; i < probes; i++) {
                    index[i] = i * size / probes;
                }
                float[] v = a.reshape(-1).get(a.getManager().create(index)).toType(DataType.FLOAT32, false)
                        .toFloatArray();
                ByteBuffer b = ByteBuffer.allocate(Float.BYTES * v.length);
                for (float x : v) {
                    b.putInt(Float.floatToIntBits(x));
                }
                sha.update(b.array());
            });
        }
        return "sha256:" + HexFormat.of().formatHex(sha.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always provides SHA-256", e);
        }
    }
}
