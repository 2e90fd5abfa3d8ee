package dev.lvlmserve.recovery;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Per-position weights (B, T, 1) that average a per-position loss over chosen positions: each example's positions
 * first, then the examples — the default model's per-sample normalisation, so a one-word answer weighs as much as a
 * caption. Built in Java and handed to the graph as one tensor (no scalar temporaries).
 */
final class PositionWeights {
    private PositionWeights() {}

    /** The positions that predict an answer token: labels ≥ 0 (what cross-entropy and logit KD score). */
    static NDArray answers(long[][] labels, NDManager m) {
        boolean[][] chosen = new boolean[labels.length][];
        for (int i = 0; i < labels.length; i++) {
            chosen[i] = new boolean[labels[i].length];
            for (int j = 0; j < labels[i].length; j++) {
                chosen[i][j] = labels[i][j] >= 0;
            }
        }
        return of(chosen, m);
    }

    /** The answer positions and the image positions (what hidden-state KD matches). */
    static NDArray answersAndImage(long[][] labels, long[][] ids, long imageToken, NDManager m) {
        boolean[][] chosen = new boolean[labels.length][];
        for (int i = 0; i < labels.length; i++) {
            chosen[i] = new boolean[labels[i].length];
            for (int j = 0; j < labels[i].length; j++) {
                chosen[i][j] = labels[i][j] >= 0 || ids[i][j] == imageToken;
            }
        }
        return of(chosen, m);
    }

    static NDArray of(boolean[][] chosen, NDManager m) {
        int b = chosen.length;
        int t = chosen[0].length;
        int[] perRow = new int[b];
        int rows = 0;
        for (int i = 0; i < b; i++) {
            for (boolean c : chosen[i]) {
                perRow[i] += c ? 1 : 0;
            }
            rows += perRow[i] > 0 ? 1 : 0;
        }
        if (rows == 0) {
            throw new IllegalArgumentException("a batch without any position to score");
        }
        float[] w = new float[b * t];
        for (int i = 0; i < b; i++) {
            for (int j = 0; j < t; j++) {
                w[i * t + j] = chosen[i][j] ? 1f / (perRow[i] * rows) : 0f;
            }
        }
        return m.create(w, new Shape(b, t, 1));
    }
}
