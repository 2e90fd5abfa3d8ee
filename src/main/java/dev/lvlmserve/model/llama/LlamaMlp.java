package dev.lvlmserve.model.llama;

import ai.djl.ndarray.NDArray;
import dev.lvlmserve.model.config.TextConfig;
import dev.lvlmserve.model.nn.Activations;
import dev.lvlmserve.model.nn.Linear;
import dev.lvlmserve.model.nn.WeightMap;

/** Mirrors transformers' {@code LlamaMLP}: {@code down_proj(silu(gate_proj(x)) · up_proj(x))} (SwiGLU). */
public final class LlamaMlp {
    final Linear gateProj;
    final Linear upProj;
    final Linear downProj;

    LlamaMlp(WeightMap w, String prefix, TextConfig config) {
        gateProj = w.linear(prefix + ".gate_proj", config.mlpBias());
        upProj = w.linear(prefix + ".up_proj", config.mlpBias());
        downProj = w.linear(prefix + ".down_proj", config.mlpBias());
    }

    public NDArray forward(NDArray x) { // (B, T, D)
        NDArray gated = Activations.siluTimes(gateProj.forward(x), upProj.forward(x)); // (B, T, I)
        return downProj.forward(gated); // (B, T, D)
    }
}
