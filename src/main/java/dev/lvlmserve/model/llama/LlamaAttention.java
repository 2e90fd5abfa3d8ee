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
 * ({@code repeat_kv}), eager softmax attention, {@code o_proj}. Qwen2's q/k/v biases come from the config. The head
 * counts come from the weights ({@code q_proj} / {@code k_proj} rows ÷ head_dim), as the study's pruned LLaMA sets
 * {@code num_heads} after slicing, so layers of a widthwise-pruned variant may differ in width.
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
        headDim = config.headDim();
        heads = headsOf(qProj, prefix + ".q_proj");
        kvHeads = headsOf(kProj, prefix + ".k_proj");
        if (heads % kvHeads != 0 || vProj.outFeatures() != kProj.outFeatures()) {
            throw new IllegalArgumentException(prefix + ": " + heads + " query heads cannot share " + kvHeads
                    + " key/value heads (v_proj has " + vProj.outFeatures() + " rows)");
        }
        scaling = (float) Math.pow(headDim, -0.5);
    }

    private int headsOf(Linear proj, String name) {
        if (proj.outFeatures() % headDim != 0 || proj.outFeatures() == 0) {
            throw new IllegalArgumentException(name + " has " + proj.outFeatures() + " rows, not a positive multiple"
                    + " of head_dim " + headDim);
        }
        return (int) (proj.outFeatures() / headDim);
    }

    int heads() {
        return heads;
    }

    int kvHeads() {
        return kvHeads;
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
        if (observer.wants(ObserverSite.ATTENTION_OUTPUT)) {
            observer.observe(ObserverSite.ATTENTION_OUTPUT, layerId, merged);
        }
        return oProj.forward(merged); // (B, T, D)
    }
}
