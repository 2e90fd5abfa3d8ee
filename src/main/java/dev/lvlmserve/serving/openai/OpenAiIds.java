package dev.lvlmserve.serving.openai;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Identifiers shaped as OpenAI's: {@code chatcmpl-} and 29 random letters and digits for a completion, and
 * {@code fp_} and 10 hex digits for {@code system_fingerprint} — here a hash of the variant and its base model,
 * so it changes exactly when a request would be served by other weights (what the field is for: telling whether
 * seeded answers can be compared).
 */
final class OpenAiIds {
    private static final char[] ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
            .toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private OpenAiIds() {}

    static String completionId() {
        char[] id = new char[29];
        for (int i = 0; i < id.length; i++) {
            id[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
        }
        return "chatcmpl-" + new String(id);
    }

    static String fingerprint(String variant, String model) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest((variant + "\0" + model)
                    .getBytes(StandardCharsets.UTF_8));
            return "fp_" + HexFormat.of().formatHex(h).substring(0, 10);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
