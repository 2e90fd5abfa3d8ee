package dev.lvlmserve.serving.variants;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.lvlmserve.model.io.SafetensorsFile;
import dev.lvlmserve.model.recipe.VariantRecipe;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Reads a variant persisted before recipes existed (format 1: {@code variant.json} with the removed layers,
 * {@code plan.json}, and {@code weights.safetensors} holding whole replaced tensors under canonical keys) as a
 * format-2 entry: the removed layers and the replacements become its recipe, the old plan its report, verbatim.
 * Nothing on disk is rewritten. Such a recipe carries no fingerprint: format 1 never recorded one that a base
 * could be checked against.
 */
final class LegacyVariant {
    static final String MANIFEST = "variant.json";
    static final String PLAN = "plan.json";

    /** The format-1 {@code variant.json}, as far as a recipe needs it. */
    record Manifest(
            String name,
            String base,
            @JsonProperty("removed_layers") List<Integer> removedLayers,
            @JsonProperty("num_layers") int numLayers,
            Long parameters,
            Long bytes,
            @JsonProperty("owned_bytes") Long ownedBytes,
            @JsonProperty("created_at") Instant createdAt,
            QualityGateResult gate,
            @JsonProperty("job_id") String jobId) {}

    private LegacyVariant() {}

    static boolean isLegacy(Path dir) {
        return Files.isRegularFile(dir.resolve(MANIFEST)) && Files.isRegularFile(dir.resolve(PLAN))
                && !Files.exists(dir.resolve(VariantStore.RECIPE));
    }

    static VariantEntry read(Path dir) throws IOException {
        Manifest m = VariantStore.JSON.readValue(dir.resolve(MANIFEST).toFile(), Manifest.class);
        if (m.name() == null || m.base() == null || m.numLayers() < 1) {
            throw new IOException("its format-1 variant.json lacks a name, base or num_layers");
        }
        JsonNode plan = VariantStore.JSON.readTree(dir.resolve(PLAN).toFile());
        List<String> replaced;
        try (SafetensorsFile f = SafetensorsFile.open(dir.resolve(VariantStore.WEIGHTS))) {
            replaced = List.copyOf(f.tensors().keySet());
        }
        VariantRecipe recipe = VariantRecipe.empty(new VariantRecipe.Base(m.base(), null, m.numLayers()))
                .withRemovedLayers(m.removedLayers() == null ? List.of() : m.removedLayers())
                .withReplacements(replaced).withReport(plan);
        return new VariantEntry(m.name(), m.base(), recipe, m.parameters(), m.bytes(), m.ownedBytes(), m.createdAt(),
                m.gate(), m.jobId());
    }
}
