package dev.lvlmserve.serving.variants;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What the registry knows about a variant without loading it; persisted as {@code variant.json} beside the plan.
 * A base model is a variant of itself with method {@code base} and nothing removed.
 *
 * @param base the base model the variant's shared tensors come from
 * @param removedLayers checkpoint ids of the decoder layers the variant drops
 * @param layerScores per-layer scores from the plan (layer id → score), for the report; empty when none
 * @param numLayers decoder layers of the base
 * @param parameters parameters the variant reads (shared ones included); null until a base is loaded
 * @param bytes bytes of those parameters
 * @param ownedBytes bytes of tensors only this variant holds (its replacements; a base's own weights)
 */
public record VariantManifest(
        String name,
        String base,
        String method,
        Double ratio,
        @JsonProperty("removed_layers") List<Integer> removedLayers,
        @JsonProperty("layer_scores") Map<Integer, Double> layerScores,
        @JsonProperty("num_layers") int numLayers,
        Long parameters,
        Long bytes,
        @JsonProperty("owned_bytes") Long ownedBytes,
        @JsonProperty("created_at") Instant createdAt,
        QualityGateResult gate,
        @JsonProperty("job_id") String jobId) {

    public static final String BASE_METHOD = "base";

    public VariantManifest {
        removedLayers = removedLayers == null ? List.of() : List.copyOf(removedLayers);
        layerScores = layerScores == null ? Map.of() : Map.copyOf(layerScores);
    }

    @JsonIgnore
    public boolean isBaseModel() {
        return BASE_METHOD.equals(method);
    }

    VariantManifest withSizes(long parameters, long bytes, long ownedBytes) {
        return new VariantManifest(name, base, method, ratio, removedLayers, layerScores, numLayers, parameters,
                bytes, ownedBytes, createdAt, gate, jobId);
    }
}
