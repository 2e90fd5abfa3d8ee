package dev.lvlmserve.pruning.calibration;

/**
 * One N×D feature matrix the calibration keeps for SCP (paper §4.2, X^ℓ): the output of decoder layer {@code layer},
 * one row per sample, pooled over all tokens ({@code tokenLayer == ALL_TOKENS}) or over the tokens that layer
 * {@code tokenLayer}'s TIS keeps. SCP compares a removed layer p with its retained partner r on the same tokens, so
 * kept-token features of a pair share p as their token layer.
 */
public record FeatureKey(int layer, int tokenLayer) {
    public static final int ALL_TOKENS = -1;

    public static FeatureKey allTokens(int layer) {
        return new FeatureKey(layer, ALL_TOKENS);
    }

    public boolean usesKeptTokens() {
        return tokenLayer != ALL_TOKENS;
    }
}
