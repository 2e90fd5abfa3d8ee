package dev.lvlmserve.model.llama;

import ai.djl.ndarray.NDArray;
import dev.lvlmserve.model.config.TextConfig;
import dev.lvlmserve.model.generate.ForwardObserver;
import dev.lvlmserve.model.generate.ObserverSite;
import dev.lvlmserve.model.nn.InPlace;
import dev.lvlmserve.model.nn.RmsNorm;
import dev.lvlmserve.model.nn.WeightMap;

/** Mirrors transformers' {@code LlamaDecoderLayer}: pre-norm attention and pre-norm SwiGLU MLP, each residual. */
public final class LlamaDecoderLayer {
    private final int layerId;
    final RmsNorm inputLayernorm;
    final LlamaAttention selfAttn;
    final RmsNorm postAttentionLayernorm;
    final LlamaMlp mlp;

    /** @param layerId the layer's index in the checkpoint it came from; stays the same in pruned variants */
    LlamaDecoderLayer(WeightMap w, String prefix, int layerId, TextConfig config) {
        this.layerId = layerId;
        inputLayernorm = new RmsNorm(w.require(prefix + ".input_layernorm.weight"), config.rmsNormEps());
        selfAttn = new LlamaAttention(w, prefix + ".self_attn", config);
        postAttentionLayernorm =
                new RmsNorm(w.require(prefix + ".post_attention_layernorm.weight"), config.rmsNormEps());
        mlp = new LlamaMlp(w, prefix + ".mlp", config);
    }

    NDArray forward(NDArray x, LayerContext ctx, int slot, ForwardObserver observer) { // (B, T, D)
        if (observer.wants(ObserverSite.LAYER_INPUT)) {
            observer.observe(ObserverSite.LAYER_INPUT, layerId, x);
        }
        // residuals: each sub-layer's fresh output takes the stream added in (x and h stay as they are)
        NDArray h = InPlace.add(selfAttn.forward(inputLayernorm.forward(x), ctx, slot, layerId, observer), x);
        NDArray out = InPlace.add(mlp.forward(postAttentionLayernorm.forward(h), layerId, observer), h);
        if (observer.wants(ObserverSite.LAYER_OUTPUT)) {
            observer.observe(ObserverSite.LAYER_OUTPUT, layerId, out);
        }
        return out;
    }

    public int layerId() {
        return layerId;
    }

    /** This layer's widths, as its weights give them. */
    public LayerShape shape() {
        return new LayerShape(layerId, selfAttn.heads(), selfAttn.kvHeads(), mlp.intermediate());
    }
}
