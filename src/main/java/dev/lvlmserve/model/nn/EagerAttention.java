package dev.lvlmserve.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

/**
 * Scaled dot-product attention computed step by step, as transformers' {@code eager_attention_forward}:
 * {@code softmax(q kᵀ · scale + mask) v}, the softmax in float32 and its result cast back to the input dtype (in
 * float32 models both casts are skipped). It is the only path that can hand the probabilities to an observer (DJL
 * exposes no fused SDPA op), so it is also the path the pruning engine's calibration uses.
 */
public final class EagerAttention {
    private EagerAttention() {}

    /** Attention output and, when requested, the probabilities (B, H, T, S) — else null. */
    public record Result(NDArray output, NDArray probabilities) {}

    /**
     * @param q (B, H, T, hd)
     * @param k (B, H, S, hd), already repeated for grouped-query attention
     * @param v (B, H, S, hd)
     * @param additiveMask (B, 1, T, S) with 0 where allowed and a very negative number elsewhere, or null
     */
    public static Result forward(NDArray q, NDArray k, NDArray v, NDArray additiveMask, float scale,
            boolean keepProbabilities) {
        NDArray scores = InPlace.mul(q.matMul(k.swapAxes(-1, -2)), Scalars.of(scale, q)); // (B, H, T, S)
        if (additiveMask != null) {
            scores = InPlace.add(scores, additiveMask);
        }
        DataType dtype = scores.getDataType();
        NDArray probs = dtype == DataType.FLOAT32 ? scores.softmax(-1)
                : scores.toType(DataType.FLOAT32, false).softmax(-1).toType(dtype, false);
        NDArray out = probs.matMul(v); // (B, H, T, hd)
        return new Result(out, keepProbabilities ? probs : null);
    }

    /** transformers' {@code repeat_kv}: key/value head j serves query heads j·n .. j·n + n − 1. */
    public static NDArray repeatKv(NDArray x, int groups) { // (B, kvH, S, hd) -> (B, kvH·groups, S, hd)
        return groups == 1 ? x : x.repeat(1, groups);
    }
}
