package dev.lvlmserve.serving.variants;

import ai.djl.ndarray.NDArray;
import dev.lvlmserve.model.llava.LlavaModel;
import java.util.IdentityHashMap;
import java.util.Map;

/** Parameter counts of a model (each tensor once, even when several keys share it, as tied embeddings do). */
public final class ModelSizes {
    private ModelSizes() {}

    public static long parameters(LlavaModel model) {
        Map<NDArray, Boolean> seen = new IdentityHashMap<>();
        long total = 0;
        for (NDArray a : model.weights().asMap().values()) {
            if (seen.put(a, Boolean.TRUE) == null) {
                total += a.size();
            }
        }
        return total;
    }
}
