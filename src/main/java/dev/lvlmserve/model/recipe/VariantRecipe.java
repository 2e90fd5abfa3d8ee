package dev.lvlmserve.model.recipe;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.lvlmserve.model.config.Json;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * A variant of a base model, saved as versioned JSON ({@code recipe.json}); see the package description for the
 * meaning of each part. Immutable; the {@code with…} methods return edited copies, which is how pruning passes
 * compose (layer removal, then widths, then compensation deltas).
 *
 * @param base the model every index refers to
 * @param removedLayers checkpoint ids of the removed decoder layers, ascending
 * @param widths kept heads and neurons of retained layers that are narrowed, by layer id
 * @param deltas low-rank deltas on base tensors of retained layers
 * @param deltaMode how the deltas are applied (materialized or factored)
 * @param replacements canonical keys of base tensors replaced whole (a tensor of the same shape in the
 *     {@link RecipeTensors} under the same key)
 * @param report how the recipe was found (the pruning report); null when none
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record VariantRecipe(
        @JsonProperty("format_version") int formatVersion,
        @JsonProperty("base") Base base,
        @JsonProperty("removed_layers") List<Integer> removedLayers,
        @JsonProperty("widths") Map<Integer, LayerWidth> widths,
        @JsonProperty("deltas") List<LowRankDelta> deltas,
        @JsonProperty("delta_mode") DeltaMode deltaMode,
        @JsonProperty("replacements") List<String> replacements,
        @JsonProperty("report") JsonNode report) {
    /** 1 was the pre-recipe layout ({@code variant.json} + {@code plan.json}); readers migrate it. */
    public static final int FORMAT_VERSION = 2;

    /**
     * @param id the base's name
     * @param fingerprint {@code ModelFingerprint} of the base; derive refuses another model when set
     * @param numLayers the base's decoder layers
     */
    public record Base(
            @JsonProperty("id") String id,
            @JsonProperty("fingerprint") String fingerprint,
            @JsonProperty("num_layers") int numLayers) {
        public Base {
            Objects.requireNonNull(id, "base.id");
            if (numLayers < 1) {
                throw new IllegalArgumentException("base.num_layers must be ≥ 1, was " + numLayers);
            }
        }
    }

    public VariantRecipe {
        Objects.requireNonNull(base, "base");
        removedLayers = removedLayers == null ? List.of() : removedLayers.stream().sorted().toList();
        widths = widths == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(widths));
        deltas = deltas == null ? List.of() : List.copyOf(deltas);
        deltaMode = deltaMode == null ? DeltaMode.FACTORED : deltaMode;
        replacements = replacements == null ? List.of() : List.copyOf(replacements);
        // canonical node types (an int read back is not a long written), so equal recipes compare equal
        report = report == null || report.isNull() ? null : Json.MAPPER.readTree(report.toString());
        if (new HashSet<>(removedLayers).size() != removedLayers.size()) {
            throw new IllegalArgumentException("removed_layers repeats a layer: " + removedLayers);
        }
        for (int l : removedLayers) {
            if (l < 0 || l >= base.numLayers()) {
                throw new IllegalArgumentException("removed layer " + l + " is not a layer of the " + base.numLayers()
                        + "-layer base");
            }
            if (widths.containsKey(l)) {
                throw new IllegalArgumentException("layer " + l + " is removed and narrowed at once");
            }
        }
        Set<String> ids = new HashSet<>();
        for (LowRankDelta d : deltas) {
            if (!ids.add(d.id())) {
                throw new IllegalArgumentException("delta id '" + d.id() + "' is used twice");
            }
        }
    }

    /** The recipe that changes nothing: derived from it, a model is bit-identical to its base. */
    public static VariantRecipe empty(Base base) {
        return new VariantRecipe(FORMAT_VERSION, base, List.of(), Map.of(), List.of(), DeltaMode.FACTORED, List.of(),
                null);
    }

    /** Whether the recipe changes nothing (its report does not count). */
    @JsonIgnore
    public boolean isEmpty() {
        return removedLayers.isEmpty() && widths.isEmpty() && deltas.isEmpty() && replacements.isEmpty();
    }

    /** Every tensor the recipe needs from its {@link RecipeTensors}. */
    @JsonIgnore
    public Set<String> tensorKeys() {
        Set<String> keys = new LinkedHashSet<>(replacements);
        deltas.forEach(d -> keys.addAll(List.of(d.aKey(), d.bKey())));
        return keys;
    }

    public VariantRecipe withRemovedLayers(List<Integer> layers) {
        List<Integer> all = new ArrayList<>(removedLayers);
        all.addAll(layers);
        return new VariantRecipe(formatVersion, base, all, widths, deltas, deltaMode, replacements, report);
    }

    public VariantRecipe withWidths(Map<Integer, LayerWidth> more) {
        Map<Integer, LayerWidth> all = new TreeMap<>(widths);
        more.forEach((layer, w) -> {
            if (all.put(layer, w) != null) {
                throw new IllegalArgumentException("layer " + layer + " is narrowed twice");
            }
        });
        return new VariantRecipe(formatVersion, base, removedLayers, all, deltas, deltaMode, replacements, report);
    }

    public VariantRecipe withDeltas(List<LowRankDelta> more) {
        List<LowRankDelta> all = new ArrayList<>(deltas);
        all.addAll(more);
        return new VariantRecipe(formatVersion, base, removedLayers, widths, all, deltaMode, replacements, report);
    }

    public VariantRecipe withReplacements(List<String> more) {
        List<String> all = new ArrayList<>(replacements);
        all.addAll(more);
        return new VariantRecipe(formatVersion, base, removedLayers, widths, deltas, deltaMode, all, report);
    }

    public VariantRecipe withDeltaMode(DeltaMode mode) {
        return new VariantRecipe(formatVersion, base, removedLayers, widths, deltas, mode, replacements, report);
    }

    public VariantRecipe withReport(JsonNode r) {
        return new VariantRecipe(formatVersion, base, removedLayers, widths, deltas, deltaMode, replacements, r);
    }

    public String toJson() {
        return Json.MAPPER.writeValueAsString(this);
    }

    /**
     * @throws IllegalArgumentException for malformed JSON, a format newer than this reader, or the old format (which
     *     only the variant store can migrate, since it needs the files beside the plan)
     */
    public static VariantRecipe fromJson(String json) {
        VariantRecipe r;
        try {
            r = Json.MAPPER.readValue(json, VariantRecipe.class);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("not a valid variant recipe: " + e.getOriginalMessage(), e);
        }
        if (r.formatVersion() != FORMAT_VERSION) {
            throw new IllegalArgumentException("variant recipe format " + r.formatVersion() + " is not readable here "
                    + "(this reader writes and reads format " + FORMAT_VERSION + ")");
        }
        return r;
    }
}
