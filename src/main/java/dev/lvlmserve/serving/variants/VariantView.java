package dev.lvlmserve.serving.variants;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A variant as the API shows it. {@code plan} (the pruning plan, verbatim JSON) is present on the single-variant
 * resource only.
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
        boolean loaded,
        @JsonProperty("default") boolean isDefault,
        @JsonProperty("created_at") Instant createdAt,
        QualityGateResult gate,
        @JsonProperty("job_id") String jobId,
        Map<String, Object> plan) {

    static VariantView of(VariantManifest m, boolean loaded, boolean isDefault, Map<String, Object> plan) {
        return new VariantView(m.name(), m.base(), m.method(), m.ratio(), m.removedLayers(), m.numLayers(),
                m.numLayers() - m.removedLayers().size(), m.parameters(), m.bytes(), m.ownedBytes(), loaded,
                isDefault, m.createdAt(), m.gate(), m.jobId(), plan);
    }
}
