package dev.lvlmserve.model.generate;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Additive masks for {@link ContinuousBatch} steps over a {@link SlotKvCache}, where each row's positions start at
 * 0 in its own slot (no padding in front): a prefill row sees its own earlier positions (causal), a decode row
 * sees positions 0 .. its own. The masked value is transformers' {@code torch.finfo(float32).min}.
 */
final class StepMasks {
    static final float MASKED = -Float.MAX_VALUE;

    private StepMasks() {}

    /** (B, 1, T, T): query t sees keys 0 .. t (padding queries of shorter rows see padding; they are ignored). */
    static NDArray prefill(int rows, int t, NDManager m) {
        float[] mask = new float[rows * t * t];
        for (int b = 0; b < rows; b++) {
            for (int q = 0; q < t; q++) {
                int row = (b * t + q) * t;
                for (int j = q + 1; j < t; j++) {
                    mask[row + j] = MASKED;
                }
            }
        }
        return m.create(mask, new Shape(rows, 1, t, t));
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
