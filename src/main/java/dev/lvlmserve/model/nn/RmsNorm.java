package dev.lvlmserve.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

/**
 * Mirrors transformers' {@code LlamaRMSNorm}: {@code w · x / sqrt(mean(x²) + eps)}. The statistics and the
 * normalisation run in float32 whatever the input dtype; the result is cast back to it before the weight multiplies,
 * as transformers does (in float32 models both casts are no-ops and are skipped).
 */
public final class RmsNorm {
    private final NDArray weight; // (D)
    private final float eps;

    public RmsNorm(NDArray weight, double eps) {
        this.weight = weight;
        this.eps = (float) eps;
    }

    public NDArray forward(NDArray x) { // (..., D)
        DataType input = x.getDataType();
        NDArray h = input == DataType.FLOAT32 ? x : x.toType(DataType.FLOAT32, false);
        NDArray variance = h.square().mean(new int[] {-1}, true); // (..., 1), float32
        NDArray rms = variance.add(Scalars.of(eps, variance)).sqrt(); // DJL has no rsqrt
        NDArray normed = h.div(rms); // a temporary: the weight may multiply into it
        return InPlace.mul(input == DataType.FLOAT32 ? normed : normed.toType(input, false), weight);
    }

    public NDArray weight() {
        return weight;
    }
}
