package dev.lvlmserve.pruning.plan;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.lvlmserve.pruning.calibration.FeaturePooling;
import dev.lvlmserve.pruning.compensation.ScpTarget;
import dev.lvlmserve.pruning.compensation.SvdStrategy;
import dev.lvlmserve.pruning.scoring.TokenOptions;
import java.util.HashSet;
import java.util.List;

/**
 * The knobs of a prune, each defaulting to DESIGN §3's reading of the paper. Null means "default" on input; the
 * defaults are filled in here, except where null itself means "the method decides" ({@code candidate_layers},
 * {@code compensate}) or "derived from the model" ({@code rank}).
 *
 * @param candidateLayers layers that may be removed; null = the method's default (deeper half, or all layers)
 * @param compensate apply SCP; null = the method's default
 * @param rank SCP's k; null = max(1, round(64·D/4096)); 0 = SCP computes nothing (plain removal)
 * @param stackedRowCap for {@code stacked} features: at most this many rows in total (rows per sample = cap / N)
 * @param enumerationCap the most layer subsets {@code enumerate} may evaluate
 * @param captureBudgetBytes SCP features of every layer are captured during scoring (one pass instead of two) when
 *     they fit in this many bytes; 0 always uses a second, pair-specific pass
 */
public record PruneOptions(
        @JsonProperty("tokens") TokenOptions tokens,
        @JsonProperty("candidate_layers") List<Integer> candidateLayers,
        @JsonProperty("compensate") Boolean compensate,
        @JsonProperty("rank") Integer rank,
        @JsonProperty("scp_target") ScpTarget scpTarget,
        @JsonProperty("feature_pooling") FeaturePooling featurePooling,
        @JsonProperty("stacked_row_cap") Integer stackedRowCap,
        @JsonProperty("svd") SvdStrategy svd,
        @JsonProperty("enumeration_cap") Long enumerationCap,
        @JsonProperty("capture_budget_bytes") Long captureBudgetBytes) {
    public static final PruneOptions DEFAULT =
            new PruneOptions(null, null, null, null, null, null, null, null, null, null);

    public PruneOptions {
        tokens = tokens == null ? TokenOptions.DEFAULT : tokens;
        scpTarget = scpTarget == null ? ScpTarget.MLP_DOWN_OUTPUT : scpTarget;
        featurePooling = featurePooling == null ? FeaturePooling.MEAN : featurePooling;
        stackedRowCap = stackedRowCap == null ? 4096 : stackedRowCap;
        svd = svd == null ? SvdStrategy.AUTO : svd;
        enumerationCap = enumerationCap == null ? 10_000L : enumerationCap;
        captureBudgetBytes = captureBudgetBytes == null ? 256L << 20 : captureBudgetBytes;
        if (rank != null && rank < 0) {
            throw new IllegalArgumentException("rank must be ≥ 0 (0 = removal without compensation), was " + rank);
        }
        if (stackedRowCap < 1) {
            throw new IllegalArgumentException("stacked_row_cap must be ≥ 1, was " + stackedRowCap);
        }
        if (enumerationCap < 1) {
            throw new IllegalArgumentException("enumeration_cap must be ≥ 1, was " + enumerationCap);
        }
        if (captureBudgetBytes < 0) {
            throw new IllegalArgumentException("capture_budget_bytes must be ≥ 0, was " + captureBudgetBytes);
        }
        if (candidateLayers != null) {
            candidateLayers = List.copyOf(candidateLayers);
            if (candidateLayers.isEmpty() || new HashSet<>(candidateLayers).size() != candidateLayers.size()) {
                throw new IllegalArgumentException("candidate_layers must be non-empty and distinct, was "
                        + candidateLayers);
            }
        }
    }

    public PruneOptions withTokens(TokenOptions v) {
        return new PruneOptions(v, candidateLayers, compensate, rank, scpTarget, featurePooling, stackedRowCap, svd,
                enumerationCap, captureBudgetBytes);
    }

    public PruneOptions withCandidateLayers(List<Integer> v) {
        return new PruneOptions(tokens, v, compensate, rank, scpTarget, featurePooling, stackedRowCap, svd,
                enumerationCap, captureBudgetBytes);
    }

    public PruneOptions withCompensate(Boolean v) {
        return new PruneOptions(tokens, candidateLayers, v, rank, scpTarget, featurePooling, stackedRowCap, svd,
                enumerationCap, captureBudgetBytes);
    }

    public PruneOptions withRank(Integer v) {
        return new PruneOptions(tokens, candidateLayers, compensate, v, scpTarget, featurePooling, stackedRowCap, svd,
                enumerationCap, captureBudgetBytes);
    }

    public PruneOptions withScpTarget(ScpTarget v) {
        return new PruneOptions(tokens, candidateLayers, compensate, rank, v, featurePooling, stackedRowCap, svd,
                enumerationCap, captureBudgetBytes);
    }

    public PruneOptions withFeaturePooling(FeaturePooling v) {
        return new PruneOptions(tokens, candidateLayers, compensate, rank, scpTarget, v, stackedRowCap, svd,
                enumerationCap, captureBudgetBytes);
    }

    public PruneOptions withStackedRowCap(int v) {
        return new PruneOptions(tokens, candidateLayers, compensate, rank, scpTarget, featurePooling, v, svd,
                enumerationCap, captureBudgetBytes);
    }

    public PruneOptions withSvd(SvdStrategy v) {
        return new PruneOptions(tokens, candidateLayers, compensate, rank, scpTarget, featurePooling, stackedRowCap, v,
                enumerationCap, captureBudgetBytes);
    }

    public PruneOptions withEnumerationCap(long v) {
        return new PruneOptions(tokens, candidateLayers, compensate, rank, scpTarget, featurePooling, stackedRowCap,
                svd, v, captureBudgetBytes);
    }

    public PruneOptions withCaptureBudgetBytes(long v) {
        return new PruneOptions(tokens, candidateLayers, compensate, rank, scpTarget, featurePooling, stackedRowCap,
                svd, enumerationCap, v);
    }
}
