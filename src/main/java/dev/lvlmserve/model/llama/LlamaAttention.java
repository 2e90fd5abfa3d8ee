package dev.lvlmserve.model.llama;

import ai.djl.ndarray.NDArray;
import dev.lvlmserve.model.config.TextConfig;
import dev.lvlmserve.model.generate.ForwardObserver;
import dev.lvlmserve.model.generate.KvCache;
import dev.lvlmserve.model.generate.ObserverSite;
import dev.lvlmserve.model.nn.EagerAttention;
import dev.lvlmserve.model.nn.Linear;
import dev.lvlmserve.model.nn.RotaryEmbedding;
import dev.lvlmserve.model.nn.WeightMap;

/**
 * Mirrors transformers' {@code LlamaAttention}: q/k/v projections, RoPE on q and k, grouped-query attention
 * ({@code repeat_kv}), eager softmax attention, {@code o_proj}. Qwen2's q/k/v biases come from the config.
 */
public final class LlamaAttention {
    final Linear qProj;
    final Linear kProj;
    final Linear vProj;
    final Linear oProj;
    private final int heads;
    private final int kvHeads;
    private final int headDim;
    private final float scaling;

    LlamaAttention(WeightMap w, String prefix, TextConfig config) {
        qProj = w.linear(prefix + ".q_proj", config.qkvBias());
        kProj = w.linear(prefix + ".k_proj", config.qkvBias());
        vProj = w.linear(prefix + ".v_proj", config.qkvBias());
        oProj = w.linear(prefix + ".o_proj", config.oBias());
        heads = config.numAttentionHeads();
        kvHeads = config.numKeyValueHeads();
        headDim = config.headDim();
        scaling = (float) Math.pow(headDim, -0.5);
    }

    NDArray forward(NDArray x, LayerContext ctx, int slot, int layerId, ForwardObserver observer) {
        long b = x.getShape().get(0);
        long t = x.getShape().get(1);
        NDArray q = qProj.forward(x).reshape(b, t, heads, headDim).swapAxes(1, 2); // (B, H, T, hd)
        NDArray k = kProj.forward(x).reshape(b, t, kvHeads, headDim).swapAxes(1, 2); // (B, kvH, T, hd)
        NDArray v = vProj.forward(x).reshape(b, t, kvHeads, headDim).swapAxes(1, 2);
        q = RotaryEmbedding.applyBroadcast(q, ctx.cos(), ctx.sin());
        k = RotaryEmbedding.applyBroadcast(k, ctx.cos(), ctx.sin());
        KvCache cache = ctx.cache();
        if (cache != null) {
            NDArray[] full = cache.append(slot, k, v); // (B, kvH, S, hd)
            k = full[0];
            v = full[1];
        }
        int groups = heads / kvHeads;
        boolean wantMean = observer.wants(ObserverSite.ATTENTION_PROBS);
        boolean wantHeads = observer.wants(ObserverSite.ATTENTION_HEAD_PROBS);
        EagerAttention.Result r = EagerAttention.forward(q, EagerAttention.repeatKv(k, groups),
                EagerAttention.repeatKv(v, groups), ctx.mask(), scaling, wantMean || wantHeads);
        if (wantMean) {
            observer.observe(ObserverSite.ATTENTION_PROBS, layerId, r.probabilities().mean(new int[] {1}));
        }
        if (wantHeads) {
            observer.observe(ObserverSite.ATTENTION_HEAD_PROBS, layerId, r.probabilities());
        }
        NDArray merged = r.output().swapAxes(1, 2).reshape(b, t, (long) heads * headDim); // (B, T, H·hd)
        return oProj.forward(merged); // (B, T, D)
    }
}
