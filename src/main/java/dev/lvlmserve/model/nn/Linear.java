package dev.lvlmserve.model.nn;

import ai.djl.ndarray.NDArray;

/**
 * {@code torch.nn.Linear}: {@code y = x Wᵀ + b} with the weight in PyTorch's (out, in) layout, computed by libtorch's
 * fused {@code linear} op. A linear may carry a factored low-rank delta ΔW = B·A (PEFT's {@code lora_B · lora_A}
 * layout: A (k, in), B (out, k)): {@code y = x Wᵀ + b + (x Aᵀ) Bᵀ}, two skinny products instead of owning a changed
 * copy of W. Folding B·A into W (the materialized twin) gives the same output to fp32 rounding.
 */
public final class Linear {
    private final NDArray weight; // (out, in)
    private final NDArray bias; // (out) or null
    private final NDArray deltaA; // (k, in) or null
    private final NDArray deltaB; // (out, k) or null

    public Linear(NDArray weight, NDArray bias) {
        this(weight, bias, null, null);
    }

    /** @param deltaA with {@code deltaB} the factored delta, both null for a plain linear */
    public Linear(NDArray weight, NDArray bias, NDArray deltaA, NDArray deltaB) {
        if (weight.getShape().dimension() != 2) {
            throw new IllegalArgumentException("linear weight must be 2-D, was " + weight.getShape());
        }
        if ((deltaA == null) != (deltaB == null)) {
            throw new IllegalArgumentException("a low-rank delta needs both factors");
        }
        if (deltaA != null && (deltaA.getShape().get(1) != weight.getShape().get(1)
                || deltaB.getShape().get(0) != weight.getShape().get(0)
                || deltaA.getShape().get(0) != deltaB.getShape().get(1))) {
            throw new IllegalArgumentException("delta factors A " + deltaA.getShape() + " and B " + deltaB.getShape()
                    + " do not fit a weight of " + weight.getShape());
        }
        this.weight = weight;
        this.bias = bias;
        this.deltaA = deltaA;
        this.deltaB = deltaB;
    }

    public NDArray forward(NDArray x) { // (..., in) -> (..., out)
        NDArray y = x.getNDArrayInternal().linear(x, weight, bias).singletonOrThrow();
        if (deltaA == null) {
            return y;
        }
        NDArray low = x.getNDArrayInternal().linear(x, deltaA, null).singletonOrThrow(); // (..., k)
        return InPlace.add(y, low.getNDArrayInternal().linear(low, deltaB, null).singletonOrThrow()); // y is fresh
    }

    public NDArray weight() {
        return weight;
    }

    public NDArray bias() {
        return bias;
    }

    /** Whether a factored delta is applied on top of {@link #weight()}. */
    public boolean hasDelta() {
        return deltaA != null;
    }

    public long inFeatures() {
        return weight.getShape().get(1);
    }

    public long outFeatures() {
        return weight.getShape().get(0);
    }
}
