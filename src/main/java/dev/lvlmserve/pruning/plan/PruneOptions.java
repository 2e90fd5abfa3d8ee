package dev.lvlmserve.pruning.plan;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.lvlmserve.model.recipe.DeltaMode;
import dev.lvlmserve.pruning.calibration.FeaturePooling;
import dev.lvlmserve.pruning.compensation.ScpTarget;
import dev.lvlmserve.pruning.compensation.SvdStrategy;
import dev.lvlmserve.pruning.scoring.TokenOptions;
import java.util.HashSet;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The knobs of a prune, each defaulting to DESIGN §3–4's reading of the papers. Null means "default" on input; the
 * defaults are filled in here, except where null itself means "the method decides" ({@code candidate_layers},
 * {@code compensate}, {@code gqa}, {@code remove_heads}) or "derived from the model" ({@code rank}).
 *
 * @param candidateLayers layers the method may change (removal candidates, or the layers a width method narrows);
 *     null = the method's default (deeper half, or all layers). On input {@code "layers": "a-b"} is the same as
 *     the inclusive range a..b
 * @param compensate apply SCP; null = the method's default
 * @param rank SCP's k; null = max(1, round(64·D/4096)); 0 = SCP computes nothing (plain removal)
 * @param stackedRowCap for {@code stacked} features: at most this many rows in total (rows per sample = cap / N)
 * @param enumerationCap the most layer subsets {@code enumerate} may evaluate
 * @param captureBudgetBytes SCP features of every layer are captured during scoring (one pass instead of two) when
 *     they fit in this many bytes; 0 always uses a second, pair-specific pass
 * @param gqa width methods under grouped-query attention: remove whole key/value groups or the same number of
 *     query heads per group; null = {@link PruneRequest#DEFAULT_GQA}
 * @param removeHeads width methods: query heads to remove per narrowed layer instead of the ratio's share (must
 *     divide evenly under {@code gqa}); neurons still make up the rest of the ratio
 * @param deltaMode how SCP's low-rank edits are applied: {@code factored} (the variant owns k·(D+I) floats per edit)
 *     or {@code materialized} (a full copy of each edited weight)
 * @param gradientBudgetBytes {@code width-taylor}: the most bytes of weight copies and their gradients held at once;
 *     layers are scored in chunks that fit (each chunk one pass over the calibration samples)
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
        @JsonProperty("capture_budget_bytes") Long captureBudgetBytes,
        @JsonProperty("gqa") GqaMode gqa,
        @JsonProperty("remove_heads") Integer removeHeads,
        @JsonProperty("delta_mode") DeltaMode deltaMode,
        @JsonProperty("gradient_budget_bytes") Long gradientBudgetBytes) {
    public static final PruneOptions DEFAULT =
            new PruneOptions(null, null, null, null, null, null, null, null, null, null, null, null, null, null);

    public PruneOptions {
        tokens = tokens == null ? TokenOptions.DEFAULT : tokens;
        scpTarget = scpTarget == null ? ScpTarget.MLP_DOWN_OUTPUT : scpTarget;
        featurePooling = featurePooling == null ? FeaturePooling.MEAN : featurePooling;
        stackedRowCap = stackedRowCap == null ? 4096 : stackedRowCap;
        svd = svd == null ? SvdStrategy.AUTO : svd;
        enumerationCap = enumerationCap == null ? 10_000L : enumerationCap;
        captureBudgetBytes = captureBudgetBytes == null ? 256L << 20 : captureBudgetBytes;
        deltaMode = deltaMode == null ? DeltaMode.FACTORED : deltaMode;
        gradientBudgetBytes = gradientBudgetBytes == null ? 1L << 30 : gradientBudgetBytes;
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
        if (removeHeads != null && removeHeads < 1) {
            throw new IllegalArgumentException("remove_heads must be ≥ 1, was " + removeHeads);
        }
        if (gradientBudgetBytes < 1) {
            throw new IllegalArgumentException("gradient_budget_bytes must be ≥ 1, was " + gradientBudgetBytes);
        }
        if (candidateLayers != null) {
            candidateLayers = List.copyOf(candidateLayers);
            if (candidateLayers.isEmpty() || new HashSet<>(candidateLayers).size() != candidateLayers.size()) {
                throw new IllegalArgumentException("candidate_layers must be non-empty and distinct, was "
                        + candidateLayers);
            }
        }
    }

    /** JSON input: every component, plus {@code layers} ("a-b") as a shorthand for a range of candidate layers. */
    @JsonCreator
    public static PruneOptions fromJson(
            @JsonProperty("tokens") TokenOptions tokens,
            @JsonProperty("candidate_layers") List<Integer> candidateLayers,
            @JsonProperty("layers") String layers,
            @JsonProperty("compensate") Boolean compensate,
            @JsonProperty("rank") Integer rank,
            @JsonProperty("scp_target") ScpTarget scpTarget,
            @JsonProperty("feature_pooling") FeaturePooling featurePooling,
            @JsonProperty("stacked_row_cap") Integer stackedRowCap,
            @JsonProperty("svd") SvdStrategy svd,
            @JsonProperty("enumeration_cap") Long enumerationCap,
            @JsonProperty("capture_budget_bytes") Long captureBudgetBytes,
            @JsonProperty("gqa") GqaMode gqa,
            @JsonProperty("remove_heads") Integer removeHeads,
            @JsonProperty("delta_mode") DeltaMode deltaMode,
            @JsonProperty("gradient_budget_bytes") Long gradientBudgetBytes) {
        if (layers != null && candidateLayers != null) {
            throw new IllegalArgumentException("give either layers or candidate_layers, not both");
        }
        return new PruneOptions(tokens, layers != null ? range(layers) : candidateLayers, compensate, rank, scpTarget,
                featurePooling, stackedRowCap, svd, enumerationCap, captureBudgetBytes, gqa, removeHeads, deltaMode,
                gradientBudgetBytes);
    }

    /** "a-b" (inclusive) or a single "a" → the layer ids. */
    public static List<Integer> range(String spec) {
        String[] parts = spec.strip().split("-", -1);
        try {
            int a = Integer.parseInt(parts[0].strip());
            int b = parts.length == 1 ? a : Integer.parseInt(parts[1].strip());
            if (parts.length > 2 || a < 0 || b < a) {
                throw new NumberFormatException();
            }
            return IntStream.rangeClosed(a, b).boxed().toList();
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("layers must be a range 'a-b' with 0 ≤ a ≤ b, was '" + spec + "'");
        }
    }

    public PruneOptions withTokens(TokenOptions v) {
        return new PruneOptions(v, candidateLayers, compensate, rank, scpTarget, featurePooling, stackedRowCap, svd,
                enumerationCap, captureBudgetBytes, gqa, removeHeads, deltaMode, gradientBudgetBytes);
    }

    public PruneOptions withCandidateLayers(List<Integer> v) {
        return new PruneOptions(tokens, v, compensate, rank, scpTarget, featurePooling, stackedRowCap, svd,
                enumerationCap, captureBudgetBytes, gqa, removeHeads, deltaMode, gradientBudgetBytes);
    }

    public PruneOptions withCompensate(Boolean v) {
        return new PruneOptions(tokens, candidateLayers, v, rank, scpTarget, featurePooling, stackedRowCap, svd,
                enumerationCap, captureBudgetBytes, gqa, removeHeads, deltaMode, gradientBudgetBytes);
    }

    public PruneOptions withRank(Integer v) {
        return new PruneOptions(tokens, candidateLayers, compensate, v, scpTarget, featurePooling, stackedRowCap, svd,
                enumerationCap, captureBudgetBytes, gqa, removeHeads, deltaMode, gradientBudgetBytes);
    }

    public PruneOptions withScpTarget(ScpTarget v) {
        return new PruneOptions(tokens, candidateLayers, compensate, rank, v, featurePooling, stackedRowCap, svd,
                enumerationCap, captureBudgetBytes, gqa, removeHeads, deltaMode, gradientBudgetBytes);
    }

    public PruneOptions withFeaturePooling(FeaturePooling v) {
        return new PruneOptions(tokens, candidateLayers, compensate, rank, scpTarget, v, stackedRowCap, svd,
                enumerationCap, captureBudgetBytes, gqa, removeHeads, deltaMode, gradientBudgetBytes);
    }

    public PruneOptions withStackedRowCap(int v) {
        return new PruneOptions(tokens, candidateLayers, compensate, rank, scpTarget, featurePooling, v, svd,
                enumerationCap, captureBudgetBytes, gqa, removeHeads, deltaMode, gradientBudgetBytes);
    }

    public PruneOptions withSvd(SvdStrategy v) {
        return new PruneOptions(tokens, candidateLayers, compensate, rank, scpTarget, featurePooling, stackedRowCap, v,
                enumerationCap, captureBudgetBytes, gqa, removeHeads, deltaMode, gradientBudgetBytes);
    }

    public PruneOptions withEnumerationCap(long v) {
        return new PruneOptions(tokens, candidateLayers, compensate, rank, scpTarget, featurePooling, stackedRowCap,
                svd, v, captureBudgetBytes, gqa, removeHeads, deltaMode, gradientBudgetBytes);
    }

    public PruneOptions withCaptureBudgetBytes(long v) {
        return new PruneOptions(tokens, candidateLayers, compensate, rank, scpTarget, featurePooling, stackedRowCap,
                svd, enumerationCap, v, gqa, removeHeads, deltaMode, gradientBudgetBytes);
    }

    public PruneOptions withGqa(GqaMode v) {
        return new PruneOptions(tokens, candidateLayers, compensate, rank, scpTarget, featurePooling, stackedRowCap,
                svd, enumerationCap, captureBudgetBytes, v, removeHeads, deltaMode, gradientBudgetBytes);
    }

    public PruneOptions withRemoveHeads(Integer v) {
        return new PruneOptions(tokens, candidateLayers, compensate, rank, scpTarget, featurePooling, stackedRowCap,
                svd, enumerationCap, captureBudgetBytes, gqa, v, deltaMode, gradientBudgetBytes);
    }

    public PruneOptions withDeltaMode(DeltaMode v) {
        return new PruneOptions(tokens, candidateLayers, compensate, rank, scpTarget, featurePooling, stackedRowCap,
                svd, enumerationCap, captureBudgetBytes, gqa, removeHeads, v, gradientBudgetBytes);
    }

    public PruneOptions withGradientBudgetBytes(long v) {
        return new PruneOptions(tokens, candidateLayers, compensate, rank, scpTarget, featurePooling, stackedRowCap,
                svd, enumerationCap, captureBudgetBytes, gqa, removeHeads, deltaMode, v);
    }
}
