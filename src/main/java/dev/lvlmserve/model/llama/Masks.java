package dev.lvlmserve.model.llama;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Attention masks and position ids for left-padded batches, computed as transformers' {@code generate} does.
 * {@code attention[b][s]} is 1 for a real token and 0 for padding, over all positions so far (past + new).
 */
public final class Masks {
    /** torch.finfo(float32).min, what transformers adds to masked scores (−inf would turn all-masked rows to NaN). */
    static final float MASKED = -Float.MAX_VALUE;

    private Masks() {}

    /** Additive causal + padding mask (B, 1, T, S) for the last {@code newTokens} positions. */
    public static NDArray causal(long[][] attention, int newTokens, NDManager manager) {
        int b = attention.length;
        int s = attention[0].length;
        int past = s - newTokens;
        float[] mask = new float[b * newTokens * s];
        for (int i = 0; i < b; i++) {
            for (int t = 0; t < newTokens; t++) {
                int row = (i * newTokens + t) * s;
                for (int j = 0; j < s; j++) {
                    boolean visible = j <= past + t && attention[i][j] != 0;
                    mask[row + j] = visible ? 0f : MASKED;
                }
            }
        }
        return manager.create(mask, new Shape(b, 1, newTokens, s));
    }

    /** Position ids (B, T) of the last {@code newTokens} positions: cumsum(mask) − 1, padding → 1. */
    public static long[][] positions(long[][] attention, int newTokens) {
        int b = attention.length;
        int s = attention[0].length;
        long[][] out = new long[b][newTokens];
        for (int i = 0; i < b; i++) {
            long running = 0;
            for (int j = 0; j < s; j++) {
                running += attention[i][j];
                int t = j - (s - newTokens);
                if (t >= 0) {
                    out[i][t] = attention[i][j] == 0 ? 1 : running - 1;
                }
            }
        }
        return out;
    }
}
