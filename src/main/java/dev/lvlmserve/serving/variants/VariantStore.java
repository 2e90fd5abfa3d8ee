package dev.lvlmserve.serving.variants;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.lvlmserve.model.io.SafeDType;
import dev.lvlmserve.model.io.SafetensorsFile;
import dev.lvlmserve.model.io.SafetensorsWriter;
import dev.lvlmserve.model.llava.LlavaCheckpoint;
import dev.lvlmserve.model.recipe.VariantRecipe;
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
 * Variants on disk, one directory each under {@code <data-dir>/variants}: {@code recipe.json} (the variant recipe,
 * its report inside), {@code entry.json} (the serving facts: creation, job, gate, sizes), {@code weights.safetensors}
 * (the tensors the recipe names: delta factors, replacements) and {@code SHA256SUMS}. A variant is written into a
 * {@code .tmp-} directory and renamed into place, so a crash leaves either the whole variant or a temporary directory
 * that the next start deletes. A variant whose checksums do not match, or whose format this version cannot read, is
 * skipped with a log line naming it; the pre-recipe layout is read through {@link LegacyVariant}.
 */
final class VariantStore {
    static final String RECIPE = "recipe.json";
    static final String ENTRY = "entry.json";
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

    /** Every readable variant on disk; temporary directories are deleted, damaged or unreadable ones skipped. */
    List<VariantEntry> scan() {
        List<VariantEntry> out = new ArrayList<>();
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
                    VariantEntry e = read(dir);
                    if (!name.equals(e.name())) {
                        throw new IOException("its entry names it " + e.name());
                    }
                    out.add(e);
                } catch (IOException | RuntimeException e) {
                    log.warn("skipping variant {}: {}", name, e.getMessage());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root, e);
        }
        return out;
    }

    private static VariantEntry read(Path dir) throws IOException {
        if (LegacyVariant.isLegacy(dir)) {
            log.info("variant {} is in the pre-recipe layout (format 1); reading it as a recipe", dir.getFileName());
            return LegacyVariant.read(dir);
        }
        if (!Files.isRegularFile(dir.resolve(RECIPE)) || !Files.isRegularFile(dir.resolve(ENTRY))) {
            throw new IOException("it has no " + RECIPE + " and " + ENTRY);
        }
        VariantRecipe recipe = VariantRecipe.fromJson(Files.readString(dir.resolve(RECIPE)));
        return JSON.readValue(dir.resolve(ENTRY).toFile(), VariantEntry.class).withRecipe(recipe);
    }

    /** Writes a variant atomically; {@code tensors} are the ones its recipe names, under the recipe's keys. */
    void write(VariantEntry e, Map<String, NDArray> tensors) {
        Path target = root.resolve(e.name());
        Path tmp = root.resolve(".tmp-" + e.name() + "-" + UUID.randomUUID());
        try {
            Files.createDirectories(tmp);
            Files.writeString(tmp.resolve(RECIPE), e.recipe().toJson());
            Files.writeString(tmp.resolve(ENTRY), JSON.writeValueAsString(e));
            SafetensorsWriter.write(tmp.resolve(WEIGHTS), new LinkedHashMap<>(tensors), SafeDType.F32,
                    Map.of("variant", e.name(), "base", e.base()));
            Checksums.write(tmp, List.of(RECIPE, ENTRY, WEIGHTS));
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException ex) {
            LlavaCheckpoint.deleteTree(tmp);
            throw new IllegalStateException("cannot save variant " + e.name() + ": " + ex.getMessage(), ex);
        }
    }

    /** The variant's own tensors, loaded into {@code manager}. */
    Map<String, NDArray> tensors(String name, NDManager manager) {
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
