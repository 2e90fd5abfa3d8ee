package dev.lvlmserve.model.nn;

import ai.djl.ndarray.NDArray;

/** Mirrors transformers' {@code LlamaRMSNorm}: {@code w · x / sqrt(mean(x²) + eps)}, statistics in float32. */
public final class RmsNorm {
    private final NDArray weight; // (D)
    private final float eps;

    public RmsNorm(NDArray weight, double eps) {
        this.weight = weight;
        this.eps = (float) eps;
    }

    public NDArray forward(NDArray x) { // (..., D)
        NDArray variance = x.square().mean(new int[] {-1}, true); // (..., 1)
        NDArray rms = variance.add(Scalars.of(eps, variance)).sqrt(); // DJL has no rsqrt
        return x.div(rms).mul(weight);
    }

    public NDArray weight() {
        return weight;
    }
}
