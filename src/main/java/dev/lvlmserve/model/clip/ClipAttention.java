package dev.lvlmserve.model.clip;

import ai.djl.ndarray.NDArray;
import dev.lvlmserve.model.config.VisionConfig;
import dev.lvlmserve.model.nn.EagerAttention;
import dev.lvlmserve.model.nn.Linear;
import dev.lvlmserve.model.nn.WeightMap;

/** Mirrors transformers' {@code CLIPAttention}: full (unmasked) multi-head attention with biased projections. */
public final class ClipAttention {
    final Linear qProj;
    final Linear kProj;
    final Linear vProj;
    final Linear outProj;
    private final int heads;
    private final int headDim;
    private final float scale;

    ClipAttention(WeightMap w, String prefix, VisionConfig config) {
        qProj = w.linear(prefix + ".q_proj", true);
        kProj = w.linear(prefix + ".k_proj", true);
        vProj = w.linear(prefix + ".v_proj", true);
        outProj = w.linear(prefix + ".out_proj", true);
        heads = config.numAttentionHeads();
        headDim = config.headDim();
        scale = (float) Math.pow(headDim, -0.5);
    }

    NDArray forward(NDArray x) { // (B, N, Dv)
        long b = x.getShape().get(0);
        long n = x.getShape().get(1);
        NDArray q = qProj.forward(x).reshape(b, n, heads, headDim).swapAxes(1, 2); // (B, H, N, hd)
        NDArray k = kProj.forward(x).reshape(b, n, heads, headDim).swapAxes(1, 2);
        NDArray v = vProj.forward(x).reshape(b, n, heads, headDim).swapAxes(1, 2);
        NDArray out = EagerAttention.forward(q, k, v, null, scale, false).output(); // (B, H, N, hd)
        return outProj.forward(out.swapAxes(1, 2).reshape(b, n, (long) heads * headDim));
    }
}
