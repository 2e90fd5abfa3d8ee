package dev.lvlmserve.model.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes a file so that readers see either the old file or the complete new one, never a torn write: the body goes
 * to {@code name.tmp}, is fsynced, then renamed over the target. A crash mid-export leaves only a {@code .tmp}.
 */
final class AtomicFile {
    /** The body of a file, written through a channel. */
    @FunctionalInterface
    interface Body {
        void writeTo(FileChannel channel) throws IOException;
    }

    private AtomicFile() {}

    static void write(Path target, Body body) {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                body.writeTo(ch);
                ch.force(true);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            syncDirectory(target.toAbsolutePath().getParent());
        } catch (IOException | RuntimeException e) {
            deleteQuietly(tmp, e);
            if (e instanceof AtomicMoveNotSupportedException) {
                throw new CheckpointException(target + ": the file system cannot rename atomically: " + e, e);
            }
            if (e instanceof IOException) {
                throw new CheckpointException(target + ": write failed: " + e, e);
            }
            throw (RuntimeException) e;
        }
    }

    static void writeFully(FileChannel ch, ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) {
            ch.write(buf);
        }
    }

    /** Makes the rename itself durable. Best effort: not every platform lets a directory be opened for sync. */
    private static void syncDirectory(Path dir) {
        if (dir == null) {
            return;
        }
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // The data itself is already on disk; only the directory entry's durability is left to the OS.
        }
    }

    private static void deleteQuietly(Path tmp, Exception primary) {
        try {
            Files.deleteIfExists(tmp);
        } catch (IOException e) {
            primary.addSuppressed(e);
        }
    }
}
