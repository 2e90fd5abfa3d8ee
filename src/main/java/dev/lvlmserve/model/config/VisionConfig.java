package dev.lvlmserve.model.config;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Mirrors the {@code vision_config} of a llava-hf {@code config.json} (transformers' {@code CLIPVisionConfig}). */
public record VisionConfig(
        int hiddenSize,
        int intermediateSize,
        int numHiddenLayers,
        int numAttentionHeads,
        int numChannels,
        int imageSize,
        int patchSize,
        String hiddenAct,
        double layerNormEps,
        int projectionDim) {

    public VisionConfig {
        ConfigChecks.positive("vision_config.hidden_size", hiddenSize);
        ConfigChecks.positive("vision_config.num_hidden_layers", numHiddenLayers);
        ConfigChecks.positive("vision_config.patch_size", patchSize);
        if (imageSize % patchSize != 0) {
            throw new ConfigException("vision_config.image_size (" + imageSize
                    + ") is not a multiple of patch_size (" + patchSize + ")");
        }
        if (hiddenSize % numAttentionHeads != 0) {
            throw new ConfigException("vision_config.hidden_size (" + hiddenSize
                    + ") is not divisible by num_attention_heads (" + numAttentionHeads + ")");
        }
        if (!(hiddenAct.equals("quick_gelu") || hiddenAct.equals("gelu"))) {
            throw new ConfigException("vision_config.hidden_act '" + hiddenAct + "' is not supported "
                    + "(quick_gelu, gelu)");
        }
    }

    public int headDim() {
        return hiddenSize / numAttentionHeads;
    }

    /** Patches per side; the image yields {@code numPatches()} patch tokens plus one CLS token. */
    public int patchesPerSide() {
        return imageSize / patchSize;
    }

    public int numPatches() {
        return patchesPerSide() * patchesPerSide();
    }

    static VisionConfig fromJson(JsonNode n) {
        return new VisionConfig(
                Json.integer(n, "hidden_size", 1024),
                Json.integer(n, "intermediate_size", 4096),
                Json.integer(n, "num_hidden_layers", 24),
                Json.integer(n, "num_attention_heads", 16),
                Json.integer(n, "num_channels", 3),
                Json.integer(n, "image_size", 336),
                Json.integer(n, "patch_size", 14),
                Json.text(n, "hidden_act", "quick_gelu"),
                Json.dbl(n, "layer_norm_eps", 1e-5),
                Json.integer(n, "projection_dim", 768));
    }

    ObjectNode toJson(ObjectNode o) {
        o.put("model_type", "clip_vision_model");
        o.put("hidden_size", hiddenSize);
        o.put("intermediate_size", intermediateSize);
        o.put("num_hidden_layers", numHiddenLayers);
        o.put("num_attention_heads", numAttentionHeads);
        o.put("num_channels", numChannels);
        o.put("image_size", imageSize);
        o.put("patch_size", patchSize);
        o.put("hidden_act", hiddenAct);
        o.put("layer_norm_eps", layerNormEps);
        o.put("projection_dim", projectionDim);
        return o;
    }
}
