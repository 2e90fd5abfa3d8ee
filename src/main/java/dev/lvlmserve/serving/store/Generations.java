package dev.lvlmserve.serving.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The claim generations of one name on disk, {@code claims/<name>/g0000000001/}, …: each holds {@code lease.json},
 * one {@code beat-<holder>} file per holder, and {@code released} once the claim has ended. Only the newest
 * generation counts; older ones are history that the sweep removes.
 */
final class Generations {
    static final String LEASE = "lease.json";
    static final String RELEASED = "released";
    static final String BEAT = "beat-";
    private static final Pattern NAME = Pattern.compile("g\\d{10}");

    private Generations() {}

    static String name(long number) {
        return String.format(Locale.ROOT, "g%010d", number);
    }

    static long number(String generation) {
        return Long.parseLong(generation.substring(1));
    }

    /** The generations under {@code nameDir}, oldest first (the fixed width makes text order numeric). */
    static List<String> list(Path nameDir) {
        try (Stream<Path> dirs = Files.list(nameDir)) {
            return dirs.map(p -> p.getFileName().toString()).filter(n -> NAME.matcher(n).matches()).sorted()
                    .toList();
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + nameDir, e);
        }
    }

    static String newest(Path nameDir) {
        List<String> all = list(nameDir);
        return all.isEmpty() ? null : all.getLast();
    }

    static boolean released(Path generation) {
        return Files.exists(generation.resolve(RELEASED));
    }

    /**
     * Everything a holder changes in the generation, as one string: the file names and contents. An observer
     * compares it with what it saw before; null when the generation is gone.
     */
    static String fingerprint(Path generation) {
        StringBuilder sb = new StringBuilder();
        try (Stream<Path> files = Files.list(generation)) {
            for (Path f : files.sorted().toList()) {
                String text = StoreFiles.readOrNull(f);
                sb.append(f.getFileName()).append('=').append(text).append('\n');
            }
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + generation, e);
        }
        return sb.toString();
    }

    /** The generation's lease, or null while it is not written yet (or not readable). */
    static Lease lease(Path generation) {
        try {
            String text = StoreFiles.readOrNull(generation.resolve(LEASE));
            return text == null ? null : StoreFiles.JSON.readValue(text, Lease.class);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
