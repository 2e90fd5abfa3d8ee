package dev.lvlmserve.model.nn;

import ai.djl.ndarray.NDArray;

/**
 * {@code torch.nn.Linear}: {@code y = x Wᵀ + b} with the weight in PyTorch's (out, in) layout, computed by libtorch's
 * fused {@code linear} op.
 */
public final class Linear {
    private final NDArray weight; // (out, in)
    private final NDArray bias; // (out) or null

    public Linear(NDArray weight, NDArray bias) {
        if (weight.getShape().dimension() != 2) {
            throw new IllegalArgumentException("linear weight must be 2-D, was " + weight.getShape());
        }
        this.weight = weight;
        this.bias = bias;
    }

    public NDArray forward(NDArray x) { // (..., in) -> (..., out)
        return x.getNDArrayInternal().linear(x, weight, bias).singletonOrThrow();
    }

    public NDArray weight() {
        return weight;
    }

    public NDArray bias() {
        return bias;
    }

    public long inFeatures() {
        return weight.getShape().get(1);
    }

    public long outFeatures() {
        return weight.getShape().get(0);
    }
}
