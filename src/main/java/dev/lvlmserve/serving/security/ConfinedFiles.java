package dev.lvlmserve.serving.security;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Files a client may name, confined to one directory: a name is resolved against the directory, every symbolic
 * link on the way is followed ({@link Path#toRealPath}), and the result must be a readable regular file whose real
 * path lies under the directory's real path. {@code ../}, absolute paths elsewhere, links pointing out and
 * {@code /proc} files are all refused alike, without saying which: the answer is no oracle for files outside.
 */
public final class ConfinedFiles {
    private final Path root;

    public ConfinedFiles(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    /** The real path of the file {@code name} names inside the directory, or empty. */
    public Optional<Path> resolve(String name) {
        if (name == null || name.isBlank()) {
            return Optional.empty();
        }
        try {
            return resolve(root.resolve(name));
        } catch (InvalidPathException e) { // a NUL byte and the like
            return Optional.empty();
        }
    }

    /** {@code path} (already resolved by someone else, e.g. against a JSONL file's folder) if it is inside. */
    public Optional<Path> resolve(Path path) {
        try {
            Path realRoot = root.toRealPath();
            Path real = path.toRealPath();
            if (real.startsWith(realRoot) && Files.isRegularFile(real) && Files.isReadable(real)) {
                return Optional.of(real);
            }
        } catch (IOException | SecurityException e) {
            // missing, unreadable, or a loop: refused like a file outside
        }
        return Optional.empty();
    }
}
