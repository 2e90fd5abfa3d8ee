package dev.lvlmserve.pruning.plan;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * One SCP edit: removed layer p, the retained layer r that absorbs it, and the subspace used.
 *
 * @param rank k actually used (the request clamped to H's numerical rank); 0 = no edit
 * @param requestedRank k asked for
 * @param featureRows rows of H (samples, or stacked token rows)
 * @param singularValues σ_1 … σ_k of H, descending
 */
public record CompensationRecord(
        @JsonProperty("removed") int removed,
        @JsonProperty("retained") int retained,
        @JsonProperty("rank") int rank,
        @JsonProperty("requested_rank") int requestedRank,
        @JsonProperty("feature_rows") int featureRows,
        @JsonProperty("singular_values") List<Double> singularValues) {
    public CompensationRecord {
        singularValues = singularValues == null ? List.of() : List.copyOf(singularValues);
    }
}
