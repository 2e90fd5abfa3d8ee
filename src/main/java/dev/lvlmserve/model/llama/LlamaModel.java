package dev.lvlmserve.model.llama;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.SparseFormat;
import dev.lvlmserve.model.config.TextConfig;
import dev.lvlmserve.model.generate.ForwardObserver;
import dev.lvlmserve.model.generate.KvCache;
import dev.lvlmserve.model.nn.RmsNorm;
import dev.lvlmserve.model.nn.RotaryEmbedding;
import dev.lvlmserve.model.nn.WeightMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Mirrors transformers' {@code LlamaModel} (also Mistral and Qwen2 through {@link TextConfig} flags): token
 * embedding, the decoder layers, the final RMSNorm. A pruned variant is the same class built over fewer layers.
 */
public final class LlamaModel {
    public static final String PREFIX = "language_model.model";

    private final TextConfig config;
    private final NDArray embedTokens; // (V, D)
    private final List<LlamaDecoderLayer> layers;
    private final RmsNorm norm;
    private final RotaryEmbedding rotaryEmb;

    /** Builds the layers whose checkpoint ids are in {@code layerIds}, in order. */
    public LlamaModel(WeightMap w, TextConfig config, List<Integer> layerIds) {
        this.config = config;
        this.embedTokens = w.require(PREFIX + ".embed_tokens.weight");
        List<LlamaDecoderLayer> built = new ArrayList<>();
        for (int id : layerIds) {
            built.add(new LlamaDecoderLayer(w, PREFIX + ".layers." + id, id, config));
        }
        this.layers = List.copyOf(built);
        this.norm = new RmsNorm(w.require(PREFIX + ".norm.weight"), config.rmsNormEps());
        this.rotaryEmb = new RotaryEmbedding(config.headDim(), config.ropeTheta(), config.ropeScalingFactor());
    }

    /** Token embeddings (B, T, D) for ids (B, T), as {@code nn.Embedding}; ids must be inside the vocabulary. */
    public NDArray embed(NDArray ids) {
        return ids.getNDArrayInternal().embedding(ids, embedTokens, SparseFormat.DENSE).singletonOrThrow();
    }

    /**
     * Runs the decoder over {@code inputsEmbeds} (B, T, D) and returns the final-normed hidden state (B, T, D).
     *
     * @param attention (B, past + T) padding mask over every position so far
     * @param cache null to attend only within this call; otherwise appended to and advanced by T
     */
    public NDArray forward(NDArray inputsEmbeds, long[][] attention, KvCache cache, ForwardObserver observer) {
        int t = (int) inputsEmbeds.getShape().get(1);
        if (cache != null && attention[0].length != cache.length() + t) {
            throw new IllegalArgumentException("attention mask covers " + attention[0].length
                    + " positions, cache + input have " + (cache.length() + t));
        }
        NDManager m = inputsEmbeds.getManager();
        return forward(inputsEmbeds, Masks.positions(attention, t),
                Masks.causal(attention, t, config.slidingWindow(), inputsEmbeds.getDataType(), m), cache, observer);
    }

    /**
     * As {@link #forward(NDArray, long[][], KvCache, ForwardObserver)} with the positions and the mask given:
     * for caches whose rows have lengths of their own (the serving engine's slots). The mask must already hide
     * what the config's sliding window hides ({@link Masks#visible}).
     *
     * @param positions (B, T) RoPE position of every new token
     * @param additiveMask (B, 1, T, S) over the positions the cache returns; cast to the hidden state's dtype and
     *     device here if it is not in them
     */
    public NDArray forward(NDArray inputsEmbeds, long[][] positions, NDArray additiveMask, KvCache cache,
            ForwardObserver observer) {
        int t = (int) inputsEmbeds.getShape().get(1);
        NDManager m = inputsEmbeds.getManager();
        NDList cosSin = rotaryEmb.cosSin(positions, m);
        NDArray mask = additiveMask;
        LayerContext ctx = new LayerContext(toLike(cosSin.get(0), inputsEmbeds).expandDims(1),
                toLike(cosSin.get(1), inputsEmbeds).expandDims(1), toLike(mask, inputsEmbeds), cache);
        NDArray h = inputsEmbeds;
        for (int slot = 0; slot < layers.size(); slot++) {
            h = layers.get(slot).forward(h, ctx, slot, observer);
        }
        if (cache != null) {
            cache.advance(t);
        }
        return norm.forward(h);
    }

    private static NDArray toLike(NDArray a, NDArray like) {
        return a.toDevice(like.getDevice(), false).toType(like.getDataType(), false);
    }

    public TextConfig config() {
        return config;
    }

    public List<LlamaDecoderLayer> layers() {
        return layers;
    }

    public NDArray embedTokens() {
        return embedTokens;
    }

    /** Checkpoint ids of the layers this model runs. */
    public List<Integer> layerIds() {
        return layers.stream().map(LlamaDecoderLayer::layerId).toList();
    }

    /** Canonical weight keys of one decoder layer (for dropping a layer from a {@link WeightMap}). */
    public static boolean isLayerKey(String key, Set<Integer> layerIds) {
        String p = PREFIX + ".layers.";
        if (!key.startsWith(p)) {
            return false;
        }
        int end = key.indexOf('.', p.length());
        return layerIds.contains(Integer.parseInt(key.substring(p.length(), end)));
    }
}
