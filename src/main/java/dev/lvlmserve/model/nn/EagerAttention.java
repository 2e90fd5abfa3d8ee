package dev.lvlmserve.model.nn;

import ai.djl.ndarray.NDArray;

/**
 * Scaled dot-product attention computed step by step, as transformers' {@code eager_attention_forward}:
 * {@code softmax(q kᵀ · scale + mask) v}. It is the only path that can hand the probabilities to an observer (DJL
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
        NDArray scores = q.matMul(k.swapAxes(-1, -2)).mul(Scalars.of(scale, q)); // (B, H, T, S)
        if (additiveMask != null) {
            scores = scores.add(additiveMask);
        }
        NDArray probs = scores.softmax(-1);
        NDArray out = probs.matMul(v); // (B, H, T, hd)
        return new Result(out, keepProbabilities ? probs : null);
    }

    /** transformers' {@code repeat_kv}: key/value head j serves query heads j·n .. j·n + n − 1. */
    public static NDArray repeatKv(NDArray x, int groups) { // (B, kvH, S, hd) -> (B, kvH·groups, S, hd)
        return groups == 1 ? x : x.repeat(1, groups);
    }
}
