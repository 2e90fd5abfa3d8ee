package dev.lvlmserve.serving.variants;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A variant as the API shows it. {@code recipe} (the variant recipe, its report inside) and {@code layers} (the
 * retained layers' widths) are present on the single-variant resource only.
 *
 * @param ownedPercentOfBase the bytes only this variant holds, in percent of its base's bytes (what one more loaded
 *     variant costs beside the base)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record VariantView(
        String name,
        String base,
        String method,
        Double ratio,
        @JsonProperty("removed_layers") List<Integer> removedLayers,
        @JsonProperty("num_layers") int numLayers,
        @JsonProperty("retained_layers") int retainedLayers,
        Long parameters,
        Long bytes,
        @JsonProperty("owned_bytes") Long ownedBytes,
        @JsonProperty("owned_percent_of_base") Double ownedPercentOfBase,
        boolean loaded,
        @JsonProperty("default") boolean isDefault,
        @JsonProperty("created_at") Instant createdAt,
        QualityGateResult gate,
        @JsonProperty("job_id") String jobId,
        List<LayerView> layers,
        Map<String, Object> recipe) {

    /** One retained decoder layer's widths (heads, key/value heads, MLP neurons) and its deltas' total rank. */
    public record LayerView(
            int layer,
            int heads,
            @JsonProperty("kv_heads") int kvHeads,
            int neurons,
            @JsonProperty("delta_rank") int deltaRank) {}

    /** @param baseBytes the base's bytes, or null while it is not loaded */
    static VariantView of(VariantEntry e, boolean loaded, boolean isDefault, Long baseBytes, List<LayerView> layers,
            Map<String, Object> recipe) {
        Double owned = e.isBaseModel() || e.ownedBytes() == null || baseBytes == null || baseBytes == 0 ? null
                : Math.round(10_000.0 * e.ownedBytes() / baseBytes) / 100.0;
        return new VariantView(e.name(), e.base(), e.method(), e.ratio(), e.removedLayers(), e.numLayers(),
                e.numLayers() - e.removedLayers().size(), e.parameters(), e.bytes(), e.ownedBytes(), owned, loaded,
                isDefault, e.createdAt(), e.gate(), e.jobId(), layers, recipe);
    }
}
