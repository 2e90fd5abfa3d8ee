package dev.lvlmserve.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/** {@code torch.nn.LayerNorm} over the last dimension, with weight and bias (CLIP's norms). */
public final class LayerNorm {
    private final NDArray weight; // (D)
    private final NDArray bias; // (D)
    private final float eps;

    public LayerNorm(NDArray weight, NDArray bias, double eps) {
        this.weight = weight;
        this.bias = bias;
        this.eps = (float) eps;
    }

    public NDArray forward(NDArray x) { // (..., D)
        Shape normalized = new Shape(weight.getShape().get(0));
        return x.getNDArrayInternal().layerNorm(x, normalized, weight, bias, eps).singletonOrThrow();
    }
}
