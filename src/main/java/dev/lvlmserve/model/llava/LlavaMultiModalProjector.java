package dev.lvlmserve.model.llava;

import ai.djl.ndarray.NDArray;
import dev.lvlmserve.model.config.LlavaConfig;
import dev.lvlmserve.model.nn.Activations;
import dev.lvlmserve.model.nn.Linear;
import dev.lvlmserve.model.nn.WeightMap;

/** Mirrors transformers' {@code LlavaMultiModalProjector}: {@code linear_2(gelu(linear_1(x)))}. */
public final class LlavaMultiModalProjector {
    public static final String PREFIX = "multi_modal_projector";

    final Linear linear1;
    final Linear linear2;

    LlavaMultiModalProjector(WeightMap w, LlavaConfig config) {
        linear1 = w.linear(PREFIX + ".linear_1", config.multimodalProjectorBias());
        linear2 = w.linear(PREFIX + ".linear_2", config.multimodalProjectorBias());
    }

    public NDArray forward(NDArray imageFeatures) { // (B, N, Dv) -> (B, N, D)
        return linear2.forward(Activations.gelu(linear1.forward(imageFeatures)));
    }
}
