package dev.lvlmserve.model.llama;

import ai.djl.ndarray.NDArray;
import dev.lvlmserve.model.config.TextConfig;
import dev.lvlmserve.model.generate.ForwardObserver;
import dev.lvlmserve.model.generate.ObserverSite;
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

    NDArray forward(NDArray x, int layerId, ForwardObserver observer) { // (B, T, D)
        NDArray act = Activations.siluTimes(gateProj.forward(x), upProj.forward(x)); // (B, T, I)
        if (observer.wants(ObserverSite.MLP_ACTIVATION)) {
            observer.observe(ObserverSite.MLP_ACTIVATION, layerId, act);
        }
        return downProj.forward(act); // (B, T, D)
    }

    /** MLP neurons: {@code gate_proj} rows. */
    int intermediate() {
        return (int) gateProj.outFeatures();
    }
}
