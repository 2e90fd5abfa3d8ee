package dev.lvlmserve;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * Finds the embedded default model: {@code $LVLM_MODEL}, else the repository's {@code models/} directory when run
 * from a checkout, else the copy packed inside the jar, unpacked once into {@code ~/.cache/lvlm-serve}.
 */
public final class DefaultModel {
    public static final String NAME = "scenes-llava-16l";
    static final List<String> FILES = List.of("config.json", "model.safetensors", "tokenizer.json",
            "tokenizer_config.json", "special_tokens_map.json", "preprocessor_config.json", "generation_config.json",
            "TRAINING.json");

    private DefaultModel() {}

    public static Path locate() {
        String env = System.getenv("LVLM_MODEL");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        Path local = Path.of("models", NAME);
        if (Files.isRegularFile(local.resolve("config.json"))) {
            return local;
        }
        return unpackFromJar();
    }

    private static Path unpackFromJar() {
        String base = "/models/" + NAME + "/";
        if (DefaultModel.class.getResource(base + "config.json") == null) {
            throw new IllegalStateException("no default model: set LVLM_MODEL or pass --model DIR");
        }
        try {
            // keyed by the weights' content: retrained weights of the same architecture have the same size, and a
            // size key served the previous model from the cache after an upgrade
            Path dir = Path.of(System.getProperty("user.home"), ".cache", "lvlm-serve", NAME + "-"
                    + resourceDigest(base + "model.safetensors"));
            if (Files.isRegularFile(dir.resolve("config.json"))) {
                return dir;
            }
            Path tmp = Files.createTempDirectory(Files.createDirectories(dir.getParent()), ".unpack-");
            for (String f : FILES) {
                try (InputStream in = DefaultModel.class.getResourceAsStream(base + f)) {
                    if (in != null) {
                        Files.copy(in, tmp.resolve(f));
                    }
                }
            }
            try {
                Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
            } catch (java.nio.file.FileAlreadyExistsException raced) {
                // another process unpacked it first; theirs is identical
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack the default model", e);
        }
    }

    /** The first 16 hex digits of the resource's SHA-256. */
    static String resourceDigest(String name) throws IOException {
        try (InputStream in = DefaultModel.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("missing resource " + name);
            }
            java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                sha.update(buffer, 0, n);
            }
            return java.util.HexFormat.of().formatHex(sha.digest()).substring(0, 16);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
