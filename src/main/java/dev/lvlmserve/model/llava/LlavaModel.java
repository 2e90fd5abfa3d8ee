package dev.lvlmserve.model.llava;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.lvlmserve.model.clip.ClipVisionModel;
import dev.lvlmserve.model.config.LlavaConfig;
import dev.lvlmserve.model.generate.ForwardObserver;
import dev.lvlmserve.model.generate.ObserverSite;
import dev.lvlmserve.model.llama.LayerShape;
import dev.lvlmserve.model.llama.LlamaDecoderLayer;
import dev.lvlmserve.model.llama.LlamaModel;
import dev.lvlmserve.model.nn.Linear;
import dev.lvlmserve.model.nn.WeightMap;
import dev.lvlmserve.model.recipe.RecipeTensors;
import dev.lvlmserve.model.recipe.VariantRecipe;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Mirrors transformers' {@code LlavaForConditionalGeneration}: CLIP vision tower → projector → image features merged
 * into the token embeddings at the {@code <image>} positions → LLaMA decoder → {@code lm_head}.
 *
 * <p>A model owns the managers it is given (its weights, or for a derived model only the tensors it computed and its
 * recipe's tensors) and closes them on {@link #close()}. A derived model shares every other tensor with its base,
 * which must outlive it.
 */
public final class LlavaModel implements AutoCloseable {
    public static final String LM_HEAD = "language_model.lm_head.weight";

    private final LlavaConfig config;
    private final WeightMap weights;
    private final ClipVisionModel visionTower;
    private final LlavaMultiModalProjector multiModalProjector;
    private final LlamaModel languageModel;
    private final Linear lmHead;
    private final NDManager manager; // where per-call work is allocated (sub-managers)
    private final List<NDManager> owned;

    /**
     * @param layerIds the checkpoint ids of the decoder layers to run, in order ({@code 0..L-1} for a full model)
     * @param owned managers this model closes with itself
     */
    public LlavaModel(LlavaConfig config, WeightMap weights, List<Integer> layerIds, NDManager manager,
            List<NDManager> owned) {
        this.config = config.withTextConfig(config.textConfig().withNumHiddenLayers(layerIds.size()));
        this.weights = weights;
        this.visionTower = new ClipVisionModel(weights, config);
        this.multiModalProjector = new LlavaMultiModalProjector(weights, config);
        this.languageModel = new LlamaModel(weights, config.textConfig(), layerIds);
        NDArray head = config.textConfig().tieWordEmbeddings()
                ? languageModel.embedTokens()
                : weights.require(LM_HEAD);
        this.lmHead = new Linear(head, null);
        this.manager = manager;
        this.owned = List.copyOf(owned);
    }

    /** The full model over every layer of {@code config}. */
    public static LlavaModel full(LlavaConfig config, WeightMap weights, NDManager owner) {
        List<Integer> ids = IntStream.range(0, config.textConfig().numHiddenLayers()).boxed().toList();
        return new LlavaModel(config, weights, ids, owner, List.of(owner));
    }

    /**
     * The variant a recipe describes: its removed layers dropped, its narrowed layers sliced, its deltas applied
     * (materialized or factored, as the recipe says) and its replacements swapped in. Every other tensor is shared
     * with this model, not copied; the variant owns its computed tensors and {@code tensors}' manager. An empty
     * recipe gives a model bit-identical to this one.
     *
     * @throws IllegalArgumentException when the recipe does not fit this model (layers, shapes, fingerprint)
     */
    public LlavaModel derive(VariantRecipe recipe, RecipeTensors tensors) {
        return Derivation.derive(this, recipe, tensors);
    }

    /** The variant without the decoder layers {@code removed} (checkpoint ids), sharing every other tensor. */
    public LlavaModel withoutLayers(Collection<Integer> removed) {
        VariantRecipe.Base b = new VariantRecipe.Base("unnamed", null, languageModel.layerIds().size());
        return derive(VariantRecipe.empty(b).withRemovedLayers(List.copyOf(removed)), RecipeTensors.none());
    }

    /** The widths of every decoder layer this model runs, in order. */
    public List<LayerShape> layerShapes() {
        return languageModel.layers().stream().map(LlamaDecoderLayer::shape).toList();
    }

    /** Projected image features (B, N, D) for pixel values (B, C, H, W). */
    public NDArray imageFeatures(NDArray pixelValues, ForwardObserver observer) {
        NDArray selected = visionTower.features(pixelValues); // (B, N, Dv)
        if (observer.wants(ObserverSite.VISION_FEATURES)) {
            observer.observe(ObserverSite.VISION_FEATURES, -1, selected);
        }
        NDArray projected = multiModalProjector.forward(selected); // (B, N, D)
        if (observer.wants(ObserverSite.PROJECTOR_OUTPUT)) {
            observer.observe(ObserverSite.PROJECTOR_OUTPUT, -1, projected);
        }
        return projected;
    }

    /**
     * Token embeddings (B, T, D) with row b's image positions (ids equal to {@code image_token_index}) replaced, in
     * order, by {@code imageFeatures[b]} — transformers' {@code masked_scatter}. Rows without image tokens ignore
     * their features row; a row whose count of image tokens differs from the features' length is an error. With no
     * features at all, every id (the image id included) is embedded as a token.
     *
     * @param imageFeatures (B, N, D), or null when no row has an image
     */
    public NDArray inputsEmbeds(long[][] ids, NDArray imageFeatures, NDManager m) {
        int b = ids.length;
        int t = ids[0].length;
        long n = imageFeatures == null ? 0 : imageFeatures.getShape().get(1);
        long[] textIds = new long[b * t];
        long[] gather = new long[b * t];
        boolean[] isImage = new boolean[b * t];
        boolean any = false;
        for (int i = 0; i < b; i++) {
            int k = 0;
            for (int j = 0; j < t; j++) {
                long id = ids[i][j];
                // Without features (decode steps, text-only batches) an image id is an ordinary token, as in HF.
                if (id == config.imageTokenIndex() && imageFeatures != null) {
                    isImage[i * t + j] = true;
                    gather[i * t + j] = i * n + k++;
                    any = true;
                } else {
                    if (id < 0 || id >= config.textConfig().vocabSize()) {
                        throw new IllegalArgumentException("token id " + id + " is outside the vocabulary of "
                                + config.textConfig().vocabSize());
                    }
                    textIds[i * t + j] = id;
                }
            }
            if (k != 0 && k != n) {
                throw new IllegalArgumentException("Image features and image tokens do not match: row " + i
                        + " has " + k + " image tokens, the image gives " + n + " features");
            }
        }
        NDArray text = languageModel.embed(m.create(textIds, new Shape(b, t))); // (B, T, D)
        if (!any) {
            return text;
        }
        long d = imageFeatures.getShape().get(2);
        NDArray flat = imageFeatures.reshape(b * n, d); // (B·N, D)
        NDArray picked = flat.get(m.create(gather)).reshape(b, t, d); // (B, T, D)
        NDArray mask = m.create(isImage, new Shape(b, t, 1)).broadcast(b, t, d);
        return NDArrays.where(mask, picked.toType(text.getDataType(), false), text);
    }

    /**
     * Vocabulary logits (…, V) of final hidden states (…, D), always float32: {@code lm_head} runs in the model's
     * dtype and its output is upcast, as transformers' {@code logits.float()} does.
     */
    public NDArray logits(NDArray hidden) {
        NDArray logits = lmHead.forward(hidden);
        return logits.getDataType() == DataType.FLOAT32 ? logits : logits.toType(DataType.FLOAT32, false);
    }

    public LlavaConfig config() {
        return config;
    }

    public LlamaModel languageModel() {
        return languageModel;
    }

    public ClipVisionModel visionTower() {
        return visionTower;
    }

    public WeightMap weights() {
        return weights;
    }

    public NDManager manager() {
        return manager;
    }

    public DataType dtype() {
        return languageModel.embedTokens().getDataType();
    }

    /** Bytes of the tensors this model owns (for a derived model: its slices, deltas and replacements). */
    public long ownedBytes() {
        Map<NDArray, Boolean> seen = new IdentityHashMap<>();
        long total = 0;
        for (NDArray a : weights.asMap().values()) {
            if (seen.put(a, Boolean.TRUE) == null && owns(a)) {
                total += a.size() * a.getDataType().getNumOfBytes();
            }
        }
        return total;
    }

    /** Whether this model owns {@code tensor} (closes it with itself) rather than sharing it with a base. */
    public boolean owns(NDArray tensor) {
        return owned.contains(tensor.getManager());
    }

    /** Bytes of every tensor this model reads, shared or not. */
    public long totalBytes() {
        Map<NDArray, Boolean> seen = new IdentityHashMap<>();
        long total = 0;
        for (NDArray a : weights.asMap().values()) {
            if (seen.put(a, Boolean.TRUE) == null) {
                total += a.size() * a.getDataType().getNumOfBytes();
            }
        }
        return total;
    }

    @Override
    public void close() {
        List<RuntimeException> errors = new ArrayList<>();
        for (NDManager m : owned) {
            try {
                m.close();
            } catch (RuntimeException e) {
                errors.add(e);
            }
        }
        if (!errors.isEmpty()) {
            throw errors.getFirst();
        }
    }
}
