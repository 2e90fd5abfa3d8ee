package dev.lvlmserve.pruning.plan;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Parameters before and after a prune, counted from layer shapes (a factored delta's factors are not structure).
 * The ratio of a request is {@code decoder_removed_fraction}; the whole model's reduction — embeddings, lm_head, the
 * vision tower and the projector are never pruned — is {@code total_removed_fraction}.
 */
public record ParameterReport(
        @JsonProperty("decoder_before") long decoderBefore,
        @JsonProperty("decoder_after") long decoderAfter,
        @JsonProperty("embeddings") long embeddings,
        @JsonProperty("total_before") long totalBefore,
        @JsonProperty("total_after") long totalAfter) {

    /** @param totalBefore every parameter of the base (vision tower, projector, embeddings, decoder) */
    public static ParameterReport of(ModelShape before, ModelShape after, long totalBefore) {
        long removed = before.decoderParameters() - after.decoderParameters();
        return new ParameterReport(before.decoderParameters(), after.decoderParameters(),
                before.embeddingParameters(), totalBefore, totalBefore - removed);
    }

    @JsonProperty("decoder_removed_fraction")
    public double decoderRemovedFraction() {
        return decoderBefore == 0 ? 0 : 1 - (double) decoderAfter / decoderBefore;
    }

    @JsonProperty("total_removed_fraction")
    public double totalRemovedFraction() {
        return totalBefore == 0 ? 0 : 1 - (double) totalAfter / totalBefore;
    }
}
