package dev.lvlmserve.pruning.calibration;

import dev.lvlmserve.pruning.scoring.TokenOptions;
import java.util.Set;
import java.util.TreeSet;

/**
 * What one calibration pass records.
 *
 * @param scoreLayers layers whose input/output cosines are accumulated per token selection
 * @param features feature matrices to fill (one row or {@code stackedRows} rows per sample each)
 * @param tokens how TIS keeps tokens (for the kept selections and for kept-token features)
 * @param stackedRows 0: all-token features are token means (one row per sample); n > 0: they are n token rows per
 *     sample at evenly spaced positions (all of them when the prompt is shorter)
 * @param channelLayers layers whose {@code o_proj} and {@code down_proj} input channels get their sum of squares
 *     over every token (activation-magnitude importance); D·(H·hd + I) doubles per layer, whatever N and T
 */
public record CaptureSpec(Set<Integer> scoreLayers, Set<FeatureKey> features, TokenOptions tokens, int stackedRows,
        Set<Integer> channelLayers) {
    public CaptureSpec {
        scoreLayers = Set.copyOf(scoreLayers);
        features = Set.copyOf(features);
        channelLayers = Set.copyOf(channelLayers);
        if (stackedRows < 0) {
            throw new IllegalArgumentException("stackedRows must be ≥ 0, was " + stackedRows);
        }
    }

    public CaptureSpec(Set<Integer> scoreLayers, Set<FeatureKey> features, TokenOptions tokens, int stackedRows) {
        this(scoreLayers, features, tokens, stackedRows, Set.of());
    }

    /** Only the channel sums of squares of {@code layers}. */
    public static CaptureSpec channels(Set<Integer> layers) {
        return new CaptureSpec(Set.of(), Set.of(), TokenOptions.DEFAULT, 0, layers);
    }

    /** Layers whose attention must be turned into Token Importance Scores. */
    public Set<Integer> attentionLayers() {
        Set<Integer> layers = new TreeSet<>(scoreLayers);
        features.stream().filter(FeatureKey::usesKeptTokens).forEach(k -> layers.add(k.tokenLayer()));
        return layers;
    }

    /** Every decoder layer this pass looks at. */
    public Set<Integer> layers() {
        Set<Integer> layers = new TreeSet<>(attentionLayers());
        features.forEach(k -> layers.add(k.layer()));
        layers.addAll(channelLayers);
        return layers;
    }
}
