package dev.lvlmserve.serving.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** Small-file writes a reader on another machine sees whole or not at all: written aside, renamed into place. */
public final class StoreFiles {
    public static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private StoreFiles() {}

    /**
     * Writes {@code text} to {@code file} through a uniquely named temporary file in the same directory and an atomic
     * rename (rename is atomic on NFS too: one server operation), so concurrent writers never mix their bytes.
     */
    public static void writeAtomically(Path file, String text) throws IOException {
        Path tmp = file.resolveSibling("." + file.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try {
            Files.writeString(tmp, text);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** The file's text, or null when it does not exist (now, or any more: another replica may just remove it). */
    public static String readOrNull(Path file) throws IOException {
        try {
            return Files.readString(file);
        } catch (NoSuchFileException e) {
            return null;
        }
    }
}
