package dev.lvlmserve.model.clip;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import dev.lvlmserve.model.config.LlavaConfig;
import dev.lvlmserve.model.config.VisionConfig;
import dev.lvlmserve.model.nn.LayerNorm;
import dev.lvlmserve.model.nn.WeightMap;
import java.util.ArrayList;
import java.util.List;

/**
 * Mirrors transformers' {@code CLIPVisionModel} as LLaVA uses it: patch + class + position embeddings,
 * {@code pre_layrnorm} (HF's spelling, the real key), the encoder layers — and LLaVA's feature selection. Only the
 * layers up to the deepest {@code vision_feature_layer} are built and run: with the usual −2 the last layer and
 * {@code post_layernorm} are dead compute and are never loaded.
 */
public final class ClipVisionModel {
    public static final String PREFIX = "vision_tower.vision_model";

    private final VisionConfig config;
    private final NDArray patchEmbedding; // (Dv, C, p, p), no bias
    private final NDArray classEmbedding; // (Dv)
    private final NDArray positionEmbedding; // (N + 1, Dv)
    private final LayerNorm preLayrnorm;
    private final List<ClipEncoderLayer> layers;
    private final List<Integer> featureLayers;
    private final boolean dropCls;

    public ClipVisionModel(WeightMap w, LlavaConfig llava) {
        this.config = llava.visionConfig();
        String e = PREFIX + ".embeddings";
        patchEmbedding = w.require(e + ".patch_embedding.weight");
        classEmbedding = w.require(e + ".class_embedding");
        positionEmbedding = w.require(e + ".position_embedding.weight");
        preLayrnorm = new LayerNorm(w.require(PREFIX + ".pre_layrnorm.weight"), w.require(PREFIX
                + ".pre_layrnorm.bias"), config.layerNormEps());
        List<ClipEncoderLayer> built = new ArrayList<>();
        for (int i = 0; i < llava.visionLayersToRun(); i++) {
            built.add(new ClipEncoderLayer(w, PREFIX + ".encoder.layers." + i, config));
        }
        layers = List.copyOf(built);
        int states = config.numHiddenLayers() + 1;
        featureLayers = llava.visionFeatureLayers().stream().map(l -> l < 0 ? states + l : l).toList();
        dropCls = llava.visionFeatureSelectStrategy().equals("default");
    }

    /** {@code CLIPVisionEmbeddings}: (B, C, H, W) → (B, N + 1, Dv) with CLS first. */
    NDArray embeddings(NDArray pixelValues) {
        long b = pixelValues.getShape().get(0);
        Shape stride = new Shape(config.patchSize(), config.patchSize());
        // as transformers does: pixels are cast to the patch embedding's dtype (float16 models get float32 pixels)
        NDArray px = pixelValues.getDataType() == patchEmbedding.getDataType() ? pixelValues
                : pixelValues.toType(patchEmbedding.getDataType(), false);
        NDArray patches = px.getNDArrayInternal()
                .convolution(px, patchEmbedding, null, stride, new Shape(0, 0), new Shape(1, 1), 1)
                .singletonOrThrow(); // (B, Dv, H/p, W/p)
        patches = patches.reshape(b, config.hiddenSize(), config.numPatches()).swapAxes(1, 2); // (B, N, Dv)
        NDArray cls = classEmbedding.reshape(1, 1, config.hiddenSize()).broadcast(b, 1, config.hiddenSize());
        return cls.concat(patches, 1).add(positionEmbedding); // (B, N + 1, Dv)
    }

    /** LLaVA's image features (B, N', Dv·layers): the selected hidden states, CLS dropped under "default". */
    public NDArray features(NDArray pixelValues) {
        NDArray h = preLayrnorm.forward(embeddings(pixelValues)); // hidden_states[0]
        List<NDArray> selected = new ArrayList<>();
        if (featureLayers.contains(0)) {
            selected.add(h);
        }
        for (int i = 0; i < layers.size(); i++) {
            h = layers.get(i).forward(h); // hidden_states[i + 1]
            if (featureLayers.contains(i + 1)) {
                selected.add(h);
            }
        }
        List<NDArray> ordered = featureLayers.stream().map(l -> selected.get(orderIndex(l))).toList();
        NDArray f = ordered.size() == 1 ? ordered.getFirst() : concatLast(ordered);
        return dropCls ? f.get(new NDIndex(":, 1:, :")) : f;
    }

    private int orderIndex(int layer) {
        return (int) featureLayers.stream().distinct().sorted().filter(l -> l < layer).count();
    }

    private static NDArray concatLast(List<NDArray> parts) {
        NDArray out = parts.getFirst();
        for (int i = 1; i < parts.size(); i++) {
            out = out.concat(parts.get(i), -1);
        }
        return out;
    }

    public VisionConfig config() {
        return config;
    }

    public int layersRun() {
        return layers.size();
    }
}
