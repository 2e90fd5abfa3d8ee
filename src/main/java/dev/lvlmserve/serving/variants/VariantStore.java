package dev.lvlmserve.serving.variants;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.lvlmserve.model.io.SafeDType;
import dev.lvlmserve.model.io.SafetensorsFile;
import dev.lvlmserve.model.io.SafetensorsWriter;
import dev.lvlmserve.model.llava.LlavaCheckpoint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Variants on disk, one directory each under {@code <data-dir>/variants}: {@code variant.json} (the manifest),
 * {@code plan.json} (the pruning plan, verbatim), {@code weights.safetensors} (only the tensors that differ from
 * the base) and {@code SHA256SUMS}. A variant is written into a {@code .tmp-} directory and renamed into place, so a
 * crash leaves either the whole variant or a temporary directory that the next start deletes; a variant whose
 * checksums do not match is skipped with a log line.
 */
final class VariantStore {
    static final String MANIFEST = "variant.json";
    static final String PLAN = "plan.json";
    static final String WEIGHTS = "weights.safetensors";
    private static final Logger log = LoggerFactory.getLogger(VariantStore.class);
    static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private final Path root;

    VariantStore(Path dataDir) {
        this.root = dataDir.resolve("variants");
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + root, e);
        }
    }

    /** Every intact variant on disk; temporary directories are deleted, damaged variants skipped. */
    List<VariantManifest> scan() {
        List<VariantManifest> out = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path dir : dirs.filter(Files::isDirectory).sorted().toList()) {
                String name = dir.getFileName().toString();
                if (name.startsWith(".")) {
                    log.info("removing unfinished variant directory {}", dir);
                    LlavaCheckpoint.deleteTree(dir);
                    continue;
                }
                try {
                    Checksums.verify(dir);
                    VariantManifest m = JSON.readValue(dir.resolve(MANIFEST).toFile(), VariantManifest.class);
                    if (!name.equals(m.name())) {
                        throw new IOException("its manifest names it " + m.name());
                    }
                    out.add(m);
                } catch (IOException | RuntimeException e) {
                    log.warn("skipping variant {}: {}", dir, e.getMessage());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root, e);
        }
        return out;
    }

    /** Writes a variant atomically; {@code replaced} are its own tensors under canonical keys. */
    void write(VariantManifest m, String planJson, Map<String, NDArray> replaced) {
        Path target = root.resolve(m.name());
        Path tmp = root.resolve(".tmp-" + m.name() + "-" + UUID.randomUUID());
        try {
            Files.createDirectories(tmp);
            Files.writeString(tmp.resolve(MANIFEST), JSON.writeValueAsString(m));
            Files.writeString(tmp.resolve(PLAN), planJson);
            SafetensorsWriter.write(tmp.resolve(WEIGHTS), new LinkedHashMap<>(replaced), SafeDType.F32,
                    Map.of("variant", m.name(), "base", m.base()));
            Checksums.write(tmp, List.of(MANIFEST, PLAN, WEIGHTS));
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            LlavaCheckpoint.deleteTree(tmp);
            throw new IllegalStateException("cannot save variant " + m.name() + ": " + e.getMessage(), e);
        }
    }

    String plan(String name) {
        try {
            return Files.readString(root.resolve(name).resolve(PLAN));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The variant's own tensors, loaded into {@code manager}. */
    Map<String, NDArray> weights(String name, NDManager manager) {
        Path dir = root.resolve(name);
        try {
            Checksums.verify(dir); // the files may have changed since startup
        } catch (IOException e) {
            throw new IllegalStateException("variant " + name + " is damaged: " + e.getMessage(), e);
        }
        Map<String, NDArray> out = new LinkedHashMap<>();
        try (SafetensorsFile f = SafetensorsFile.open(dir.resolve(WEIGHTS))) {
            for (String key : f.tensors().keySet()) {
                out.put(key, f.load(key, manager));
            }
        }
        return out;
    }

    /** Removes a variant: renamed away first, so a crash mid-delete leaves a temporary directory, not half a variant. */
    void delete(String name) {
        Path dir = root.resolve(name);
        Path doomed = root.resolve(".del-" + name + "-" + UUID.randomUUID());
        try {
            Files.move(dir, doomed, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete variant " + name, e);
        }
        LlavaCheckpoint.deleteTree(doomed);
    }
}
