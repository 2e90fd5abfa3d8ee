package dev.lvlmserve.pruning.calibration;

import dev.lvlmserve.pruning.scoring.TokenSelection;

/**
 * Running similarity statistics of one decoder layer: per token selection, the sum and count of per-sample mean
 * cosines. A sample weighs the same whatever its length ("averaged over tokens and samples", DESIGN §3: first over a
 * sample's selected tokens, then over samples); a sample with no token in a selection (no image → no visual tokens)
 * does not count for it. Constant size.
 */
public final class LayerStats {
    private final int layer;
    private final double[] sum = new double[TokenSelection.values().length];
    private final int[] count = new int[TokenSelection.values().length];

    LayerStats(int layer) {
        this.layer = layer;
    }

    void add(TokenSelection selection, double sampleMean) {
        if (!Double.isNaN(sampleMean)) {
            sum[selection.ordinal()] += sampleMean;
            count[selection.ordinal()]++;
        }
    }

    public int layer() {
        return layer;
    }

    /** Mean cosine over samples, NaN when no sample had tokens in {@code selection}. */
    public double meanCosine(TokenSelection selection) {
        int n = count[selection.ordinal()];
        return n == 0 ? Double.NaN : sum[selection.ordinal()] / n;
    }

    public int samples(TokenSelection selection) {
        return count[selection.ordinal()];
    }

    static long footprintBytes() {
        return (long) TokenSelection.values().length * (Double.BYTES + Integer.BYTES);
    }
}
