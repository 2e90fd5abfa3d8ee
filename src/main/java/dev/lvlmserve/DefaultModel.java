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
            Path dir = Path.of(System.getProperty("user.home"), ".cache", "lvlm-serve", NAME + "-"
                    + resourceSize(base + "model.safetensors"));
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

    private static long resourceSize(String name) throws IOException {
        try (InputStream in = DefaultModel.class.getResourceAsStream(name)) {
            return in == null ? 0 : in.transferTo(java.io.OutputStream.nullOutputStream());
        }
    }
}
