package dev.lvlmserve.serving.variants;

import dev.lvlmserve.serving.store.StoreFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default variant's name on disk, {@code <data-dir>/default.json}: written to a temporary file of its own and
 * renamed over the old one, so a crash leaves the old default or the new one, never a torn file, and two replicas
 * activating at once leave one of the two choices. Other replicas read it on every poll.
 */
final class DefaultPointer {
    private static final Logger log = LoggerFactory.getLogger(DefaultPointer.class);

    private final Path file;

    DefaultPointer(Path dataDir) {
        this.file = dataDir.resolve("default.json");
    }

    /** The persisted default, or null when none was persisted (or the file is unreadable). */
    String read() {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            return VariantStore.JSON.readTree(file.toFile()).path("default").asString(null);
        } catch (RuntimeException e) {
            log.warn("ignoring unreadable {}: {}", file, e.getMessage());
            return null;
        }
    }

    void write(String name) {
        try {
            StoreFiles.writeAtomically(file, VariantStore.JSON.writeValueAsString(Map.of("default", name)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
