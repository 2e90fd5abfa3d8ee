package dev.lvlmserve.pruning.calibration;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * SHA-256 over the ordered calibration set — every sample's id, token ids and pixel values — so a plan names exactly
 * the data it was computed from. Fields are length-prefixed, so no two different sets share an input stream.
 */
public final class CalibrationHash {
    private CalibrationHash() {}

    public static String of(List<CalibrationSample> samples) {
        MessageDigest sha = sha256();
        sha.update(longBytes(samples.size()));
        for (CalibrationSample s : samples) {
            byte[] id = s.id().getBytes(StandardCharsets.UTF_8);
            sha.update(longBytes(id.length));
            sha.update(id);
            ByteBuffer ids = ByteBuffer.allocate(Long.BYTES * (s.promptIds().length + 1));
            ids.putLong(s.promptIds().length);
            for (long t : s.promptIds()) {
                ids.putLong(t);
            }
            sha.update(ids.array());
            float[] px = s.pixelValues();
            sha.update(longBytes(px == null ? -1 : px.length));
            if (px != null) {
                ByteBuffer b = ByteBuffer.allocate(Float.BYTES * px.length);
                for (float v : px) {
                    b.putInt(Float.floatToIntBits(v));
                }
                sha.update(b.array());
            }
        }
        return "sha256:" + HexFormat.of().formatHex(sha.digest());
    }

    private static byte[] longBytes(long v) {
        return ByteBuffer.allocate(Long.BYTES).putLong(v).array();
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always provides SHA-256", e);
        }
    }
}
