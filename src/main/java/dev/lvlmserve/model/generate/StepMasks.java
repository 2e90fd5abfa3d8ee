package dev.lvlmserve.model.generate;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.lvlmserve.model.llama.Masks;

/**
 * Additive masks for {@link ContinuousBatch} steps over a {@link SlotKvCache}, where each row's positions start at
 * 0 in its own slot (no padding in front): a prompt-chunk row sees its own earlier positions (causal), a decode
 * row sees positions 0 .. its own; a sliding window (Mistral's, Qwen2's) also hides keys that many positions or
 * more behind the query, as {@link Masks#visible} says. The hidden value is transformers' {@code
 * torch.finfo(dtype).min} of the model's dtype. A query always sees its own key, so no row is all hidden.
 */
final class StepMasks {
    private StepMasks() {}

    /**
     * (B, 1, T, S) for prompt chunks: query q of row b, at position starts[b] + q, sees keys 0 .. starts[b] + q
     * (its earlier chunks and its own chunk so far). Padding queries of shorter rows see something; they are
     * ignored.
     */
    static NDArray chunk(int[] starts, int t, int keys, int slidingWindow, DataType dtype, NDManager m) {
        int rows = starts.length;
        float hidden = Masks.hiddenValue(dtype);
        float[] mask = new float[rows * t * keys];
        for (int b = 0; b < rows; b++) {
            for (int q = 0; q < t; q++) {
                int row = (b * t + q) * keys;
                for (int j = 0; j < keys; j++) {
                    if (!Masks.visible(starts[b] + q, j, slidingWindow)) {
                        mask[row + j] = hidden;
                    }
                }
            }
        }
        return cast(m.create(mask, new Shape(rows, 1, t, keys)), dtype);
    }

    /** (B, 1, 1, S): row b sees keys 0 .. positions[b]. */
    static NDArray decode(long[] positions, int keys, int slidingWindow, DataType dtype, NDManager m) {
        float hidden = Masks.hiddenValue(dtype);
        float[] mask = new float[positions.length * keys];
        for (int b = 0; b < positions.length; b++) {
            for (int j = 0; j < keys; j++) {
                if (!Masks.visible(positions[b], j, slidingWindow)) {
                    mask[b * keys + j] = hidden;
                }
            }
        }
        return cast(m.create(mask, new Shape(positions.length, 1, 1, keys)), dtype);
    }

    private static NDArray cast(NDArray mask, DataType dtype) {
        return dtype == DataType.FLOAT32 ? mask : mask.toType(dtype, false);
    }
}
