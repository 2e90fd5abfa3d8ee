package dev.lvlmserve.serving.variants;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.lvlmserve.model.io.SafeDType;
import dev.lvlmserve.model.io.SafetensorsFile;
import dev.lvlmserve.model.io.SafetensorsWriter;
import dev.lvlmserve.model.llava.LlavaCheckpoint;
import dev.lvlmserve.model.recipe.VariantRecipe;
import dev.lvlmserve.serving.error.ServingException;
import dev.lvlmserve.serving.store.Claim;
import dev.lvlmserve.serving.store.ClaimLostException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
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
 * (the tensors the recipe names: delta factors, replacements) and {@code SHA256SUMS}. The directory may be shared by
 * several replicas. A variant is written under a claim on its name into the claim's staging directory
 * ({@code .tmp-<name>@<generation>}) and renamed into place, which fails when the name exists, so a crash leaves
 * either the whole variant or a staging directory that {@link StagingSweep} removes once its claim has ended. A
 * variant whose checksums do not match, or whose format this version cannot read, is skipped with a log line
 * naming it; the pre-recipe layout is read through {@link LegacyVariant}.
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

    Path root() {
        return root;
    }

    /**
     * Every readable variant on disk; damaged or unreadable ones are skipped with a log line. Nothing is deleted
     * here: a dot-directory may be another replica's build in progress ({@link StagingSweep} decides).
     */
    List<VariantEntry> scan() {
        List<VariantEntry> out = new ArrayList<>();
        for (Path dir : variantDirs().values()) {
            VariantEntry e = readVerified(dir);
            if (e != null) {
                out.add(e);
            }
        }
        return out;
    }

    /**
     * The variant directories now on disk, name → directory, with no dot-directories; a variant renamed into place
     * by another replica appears here as soon as the volume shows the rename.
     */
    Map<String, Path> variantDirs() {
        Map<String, Path> out = new LinkedHashMap<>();
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path dir : dirs.filter(Files::isDirectory).sorted().toList()) {
                String name = dir.getFileName().toString();
                if (!name.startsWith(".")) {
                    out.put(name, dir);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root, e);
        }
        return out;
    }

    /** The variant in {@code dir} with its checksums verified, or null (with a log line) when it is not servable. */
    VariantEntry readVerified(Path dir) {
        String name = dir.getFileName().toString();
        try {
            Checksums.verify(dir);
            VariantEntry e = read(dir);
            if (!name.equals(e.name())) {
                throw new IOException("its entry names it " + e.name());
            }
            return e;
        } catch (IOException | RuntimeException e) {
            log.warn("skipping variant {}: {}", name, e.getMessage());
            return null;
        }
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

    /**
     * Writes a variant atomically under {@code claim} (which must be on its name); {@code tensors} are the ones its
     * recipe names, under the recipe's keys. The rename into place is refused when the name exists (a directory
     * is never renamed over a non-empty one), so even a claim that expired unnoticed cannot replace a variant.
     */
    void write(Claim claim, VariantEntry e, Map<String, NDArray> tensors) {
        if (!claim.name().equals(e.name())) {
            throw new IllegalArgumentException("the claim is on " + claim.name() + ", not " + e.name());
        }
        Path target = root.resolve(e.name());
        Path tmp = root.resolve(claim.stagingName());
        try {
            Files.createDirectories(tmp);
            Files.writeString(tmp.resolve(RECIPE), e.recipe().toJson());
            Files.writeString(tmp.resolve(ENTRY), JSON.writeValueAsString(e));
            SafetensorsWriter.write(tmp.resolve(WEIGHTS), new LinkedHashMap<>(tensors), SafeDType.F32,
                    Map.of("variant", e.name(), "base", e.base()));
            Checksums.write(tmp, List.of(RECIPE, ENTRY, WEIGHTS));
            claim.verifyHeld();
            move(tmp, target);
        } catch (FileAlreadyExistsException ex) {
            LlavaCheckpoint.deleteTree(tmp);
            throw ServingException.conflict("name_taken", "A variant named " + e.name() + " exists.");
        } catch (ClaimLostException ex) {
            LlavaCheckpoint.deleteTree(tmp);
            throw ServingException.conflict("claim_lost", "The build lost its claim on the name " + e.name()
                    + " (its lease expired); nothing was saved.");
        } catch (IOException | RuntimeException ex) {
            LlavaCheckpoint.deleteTree(tmp);
            throw new IllegalStateException("cannot save variant " + e.name() + ": " + ex.getMessage(), ex);
        }
    }

    /**
     * rename(2) of a directory onto an existing non-empty one fails (ENOTEMPTY or EEXIST, which the JDK reports as
     * one of several exceptions): any failure while the target exists means the name was taken.
     */
    private static void move(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException ex) {
            if (Files.exists(target)) {
                throw new FileAlreadyExistsException(target.toString());
            }
            throw ex;
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

    /**
     * Removes a variant: renamed away first, so a crash mid-delete leaves a {@code .del-} directory, not half a
     * variant. False when it was not there (another replica deleted it first).
     */
    boolean delete(String name) {
        Path dir = root.resolve(name);
        Path doomed = root.resolve(".del-" + name + "-" + UUID.randomUUID());
        try {
            Files.move(dir, doomed, StandardCopyOption.ATOMIC_MOVE);
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete variant " + name, e);
        }
        LlavaCheckpoint.deleteTree(doomed);
        return true;
    }
}
