package dev.lvlmserve.serving.variants;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.lvlmserve.model.recipe.VariantRecipe;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * What the registry knows of a variant without loading it: its recipe (what it is; for a base, the empty recipe)
 * and the serving facts no recipe holds — when and by which job it was made, its quality gate, its sizes. The facts
 * are persisted as {@code entry.json} beside {@code recipe.json}; method, ratio and layer scores are read from the
 * recipe's report, never stored twice.
 *
 * @param parameters parameters the variant reads (shared ones included); null until a base is loaded
 * @param bytes bytes of those parameters
 * @param ownedBytes bytes of tensors only this variant holds (its slices, deltas, replacements; a base's weights)
 */
public record VariantEntry(
        String name,
        String base,
        @JsonIgnore VariantRecipe recipe,
        Long parameters,
        Long bytes,
        @JsonProperty("owned_bytes") Long ownedBytes,
        @JsonProperty("created_at") Instant createdAt,
        QualityGateResult gate,
        @JsonProperty("job_id") String jobId) {

    public static final String BASE_METHOD = "base";

    /** A base model: a variant of itself that changes nothing; {@code createdAt} is when its checkpoint was made. */
    static VariantEntry base(String name, int numLayers, Instant createdAt) {
        return new VariantEntry(name, name, VariantRecipe.empty(new VariantRecipe.Base(name, null, numLayers)), null,
                null, null, createdAt, null, null);
    }

    @JsonIgnore
    public boolean isBaseModel() {
        return name.equals(base) && recipe.isEmpty();
    }

    /** The method that made it (from the report), {@value #BASE_METHOD} for a base. */
    @JsonIgnore
    public String method() {
        JsonNode m = report("method");
        return isBaseModel() || m == null ? BASE_METHOD : m.asString();
    }

    @JsonIgnore
    public Double ratio() {
        JsonNode r = report("ratio");
        return isBaseModel() ? Double.valueOf(0) : r == null ? null : r.asDouble();
    }

    @JsonIgnore
    public int numLayers() {
        return recipe.base().numLayers();
    }

    @JsonIgnore
    public List<Integer> removedLayers() {
        return recipe.removedLayers();
    }

    /** Per-layer scores from the report (layer id → score), for the report PNG; empty when none. */
    @JsonIgnore
    public Map<Integer, Double> layerScores() {
        Map<Integer, Double> out = new LinkedHashMap<>();
        JsonNode scores = report("layer_scores");
        if (scores != null && scores.isArray()) {
            scores.forEach(s -> out.put(s.path("layer").asInt(), s.path("score").asDouble()));
        } else if (scores != null && scores.isObject()) { // the pre-recipe last-n plan: {"layer": score}
            scores.properties().forEach(e -> out.put(Integer.parseInt(e.getKey()), e.getValue().asDouble()));
        }
        return out;
    }

    private JsonNode report(String field) {
        JsonNode r = recipe.report();
        JsonNode v = r == null ? null : r.get(field);
        return v == null || v.isNull() ? null : v;
    }

    VariantEntry withSizes(long parameters, long bytes, long ownedBytes) {
        return new VariantEntry(name, base, recipe, parameters, bytes, ownedBytes, createdAt, gate, jobId);
    }

    VariantEntry withRecipe(VariantRecipe r) {
        return new VariantEntry(name, base, r, parameters, bytes, ownedBytes, createdAt, gate, jobId);
    }
}
