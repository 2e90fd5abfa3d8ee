package dev.lvlmserve.model.clip;

import ai.djl.ndarray.NDArray;
import dev.lvlmserve.model.config.VisionConfig;
import dev.lvlmserve.model.nn.Activations;
import dev.lvlmserve.model.nn.LayerNorm;
import dev.lvlmserve.model.nn.Linear;
import dev.lvlmserve.model.nn.WeightMap;
import java.util.function.UnaryOperator;

/** Mirrors transformers' {@code CLIPEncoderLayer}: pre-LN attention and pre-LN MLP ({@code fc1 → act → fc2}). */
public final class ClipEncoderLayer {
    final LayerNorm layerNorm1;
    final ClipAttention selfAttn;
    final LayerNorm layerNorm2;
    final Linear fc1;
    final Linear fc2;
    private final UnaryOperator<NDArray> act;

    ClipEncoderLayer(WeightMap w, String prefix, VisionConfig config) {
        double eps = config.layerNormEps();
        layerNorm1 = new LayerNorm(w.require(prefix + ".layer_norm1.weight"), w.require(prefix + ".layer_norm1.bias"),
                eps);
        selfAttn = new ClipAttention(w, prefix + ".self_attn", config);
        layerNorm2 = new LayerNorm(w.require(prefix + ".layer_norm2.weight"), w.require(prefix + ".layer_norm2.bias"),
                eps);
        fc1 = w.linear(prefix + ".mlp.fc1", true);
        fc2 = w.linear(prefix + ".mlp.fc2", true);
        act = Activations.byName(config.hiddenAct());
    }

    NDArray forward(NDArray x) { // (B, N, Dv)
        NDArray h = x.add(selfAttn.forward(layerNorm1.forward(x)));
        return h.add(fc2.forward(act.apply(fc1.forward(layerNorm2.forward(h)))));
    }
}
