package dev.lvlmserve.serving.variants;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/** A {@code SHA256SUMS} file in {@code sha256sum}'s format ({@code <hex>  <name>} per line), written and checked. */
final class Checksums {
    static final String FILE = "SHA256SUMS";

    private Checksums() {}

    static void write(Path dir, List<String> names) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (String name : names) {
            sb.append(sha256(dir.resolve(name))).append("  ").append(name).append('\n');
        }
        Files.writeString(dir.resolve(FILE), sb.toString());
    }

    /** Throws when the sums file is missing, names a missing file, or any file's digest differs. */
    static void verify(Path dir) throws IOException {
        Path sums = dir.resolve(FILE);
        if (!Files.isRegularFile(sums)) {
            throw new IOException("no " + FILE);
        }
        for (String line : Files.readAllLines(sums)) {
            if (line.isBlank()) {
                continue;
            }
            int sep = line.indexOf("  ");
            if (sep < 0) {
                throw new IOException("malformed line in " + FILE + ": " + line);
            }
            String name = line.substring(sep + 2);
            if (name.contains("/") || name.contains("\\") || name.startsWith(".")) {
                throw new IOException(FILE + " names a file outside the variant: " + name);
            }
            Path file = dir.resolve(name);
            if (!Files.isRegularFile(file) || !sha256(file).equals(line.substring(0, sep))) {
                throw new IOException("checksum mismatch for " + name);
            }
        }
    }

    private static String sha256(Path file) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), md)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(md.digest());
    }
}
