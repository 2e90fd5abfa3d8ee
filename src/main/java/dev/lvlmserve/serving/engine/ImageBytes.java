package dev.lvlmserve.serving.engine;

import dev.lvlmserve.serving.error.ServingException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;

/** Image bytes from the forms clients send them in: plain base64 or a {@code data:} URI, and their SHA-256. */
public final class ImageBytes {
    private ImageBytes() {}

    /**
     * Decodes standard base64, or a {@code data:[type];base64,...} URI.
     *
     * @param field the request field, named in the error
     * @throws ServingException 400 for anything else
     */
    public static byte[] fromBase64(String value, String field) {
        String payload = value.strip();
        if (payload.startsWith("data:")) {
            int comma = payload.indexOf(',');
            if (comma < 0 || !payload.substring(0, comma).endsWith(";base64")) {
                throw ServingException.badRequest("invalid_image", "A data: URI image must be base64-encoded "
                        + "(data:image/png;base64,...).", field);
            }
            payload = payload.substring(comma + 1);
        }
        try {
            return Base64.getDecoder().decode(payload.replaceAll("\\s", ""));
        } catch (IllegalArgumentException e) {
            throw ServingException.badRequest("invalid_base64", "The image is not valid base64: " + e.getMessage(),
                    field);
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
