package dev.lvlmserve.model.llama;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;

/**
 * Attention masks and position ids for left-padded batches, computed as transformers' {@code generate} does.
 * {@code attention[b][s]} is 1 for a real token and 0 for padding, over all positions so far (past + new).
 */
public final class Masks {
    /** torch.finfo(float32).min, what transformers adds to masked scores (−inf would turn all-masked rows to NaN). */
    static final float MASKED = -Float.MAX_VALUE;

    /** torch.finfo(float16).min. */
    static final float MASKED_HALF = -65504f;

    private Masks() {}

    /** The value added to a hidden position's score in {@code dtype}: {@code torch.finfo(dtype).min}. */
    public static float hiddenValue(DataType dtype) {
        return dtype == DataType.FLOAT32 ? MASKED : MASKED_HALF;
    }

    /**
     * Whether the key at position {@code key} is visible to the query at position {@code query} under causal
     * attention with {@code slidingWindow} (0 = none): Mistral's {@code kv_idx > q_idx - sliding_window}.
     */
    public static boolean visible(long query, long key, int slidingWindow) {
        return key <= query && (slidingWindow <= 0 || query - key < slidingWindow);
    }

    /** Additive causal + padding mask (B, 1, T, S) for the last {@code newTokens} positions, float32. */
    public static NDArray causal(long[][] attention, int newTokens, NDManager manager) {
        return causal(attention, newTokens, 0, DataType.FLOAT32, manager);
    }

    /**
     * Additive causal + padding mask (B, 1, T, S) for the last {@code newTokens} positions, in {@code dtype}, with
     * {@code torch.finfo(dtype).min} where a position is hidden.
     *
     * <p>{@code slidingWindow} > 0 also hides keys {@code slidingWindow} or more positions behind the query, as
     * Mistral's mask does ({@code kv_idx > q_idx - sliding_window}, positions counted over the padded sequence as
     * transformers' cache positions are). In float16 a row with no visible key at all (a left-padding query) is
     * left unmasked, as transformers' {@code _unmask_unattended} does: its output is never read, but finfo.min
     * plus a negative score overflows to −inf in float16, and an all −inf row would put NaN into the padding's keys
     * and values, which other rows' masks only add to. In float32 the row stays masked (uniform attention, as
     * transformers' eager path computes it).
     */
    public static NDArray causal(long[][] attention, int newTokens, int slidingWindow, DataType dtype,
            NDManager manager) {
        int b = attention.length;
        int s = attention[0].length;
        int past = s - newTokens;
        float hidden = hiddenValue(dtype);
        boolean unmaskEmptyRows = dtype != DataType.FLOAT32;
        float[] mask = new float[b * newTokens * s];
        for (int i = 0; i < b; i++) {
            for (int t = 0; t < newTokens; t++) {
                int row = (i * newTokens + t) * s;
                int query = past + t;
                boolean any = false;
                for (int j = 0; j < s; j++) {
                    boolean visible = visible(query, j, slidingWindow) && attention[i][j] != 0;
                    mask[row + j] = visible ? 0f : hidden;
                    any |= visible;
                }
                if (!any && unmaskEmptyRows) {
                    Arrays.fill(mask, row, row + s, 0f);
                }
            }
        }
        NDArray m = manager.create(mask, new Shape(b, 1, newTokens, s));
        return dtype == DataType.FLOAT32 ? m : m.toType(dtype, false);
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
