package dev.lvlmserve.model.generate;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Additive masks for {@link ContinuousBatch} steps over a {@link SlotKvCache}, where each row's positions start at
 * 0 in its own slot (no padding in front): a prompt-chunk row sees its own earlier positions (causal), a decode
 * row sees positions 0 .. its own. The masked value is transformers' {@code torch.finfo(float32).min}.
 */
final class StepMasks {
    static final float MASKED = -Float.MAX_VALUE;

    private StepMasks() {}

    /**
     * (B, 1, T, S) for prompt chunks: query q of row b, at position starts[b] + q, sees keys 0 .. starts[b] + q
     * (its earlier chunks and its own chunk so far). Padding queries of shorter rows see something; they are
     * ignored.
     */
    static NDArray chunk(int[] starts, int t, int keys, NDManager m) {
        int rows = starts.length;
        float[] mask = new float[rows * t * keys];
        for (int b = 0; b < rows; b++) {
            for (int q = 0; q < t; q++) {
                int row = (b * t + q) * keys;
                for (int j = starts[b] + q + 1; j < keys; j++) {
                    mask[row + j] = MASKED;
                }
            }
        }
        return m.create(mask, new Shape(rows, 1, t, keys));
    }

    /** (B, 1, 1, S): row b sees keys 0 .. positions[b]. */
    static NDArray decode(long[] positions, int keys, NDManager m) {
        float[] mask = new float[positions.length * keys];
        for (int b = 0; b < positions.length; b++) {
            for (int j = (int) positions[b] + 1; j < keys; j++) {
                mask[b * keys + j] = MASKED;
            }
        }
        return m.create(mask, new Shape(positions.length, 1, 1, keys));
    }
}
