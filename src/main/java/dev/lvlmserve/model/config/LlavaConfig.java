package dev.lvlmserve.model.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Mirrors a llava-hf {@code config.json} (transformers' {@code LlavaConfig}) with nested text and vision configs.
 *
 * @param visionFeatureLayers the {@code vision_feature_layer} (an int, or a list whose features are concatenated)
 * @param visionFeatureSelectStrategy {@code default} drops the CLS token, {@code full} keeps it
 * @param tieWordEmbeddings the top-level flag, kept so a config round-trips; whether lm_head is tied is decided by
 *     {@code text_config} alone ({@link TextConfig#tieWordEmbeddings()}), as transformers decides it
 */
public record LlavaConfig(
        TextConfig textConfig,
        VisionConfig visionConfig,
        long imageTokenIndex,
        String projectorHiddenAct,
        List<Integer> visionFeatureLayers,
        String visionFeatureSelectStrategy,
        boolean multimodalProjectorBias,
        boolean tieWordEmbeddings) {

    public LlavaConfig {
        visionFeatureLayers = List.copyOf(visionFeatureLayers);
        if (visionFeatureLayers.isEmpty()) {
            throw new ConfigException("vision_feature_layer must name at least one layer");
        }
        int states = visionConfig.numHiddenLayers() + 1; // embeddings + each encoder layer, as HF hidden_states
        for (int layer : visionFeatureLayers) {
            if (layer >= states || layer < -states) {
                throw new ConfigException("vision_feature_layer " + layer + " is outside the " + states
                        + " hidden states of a " + visionConfig.numHiddenLayers() + "-layer vision tower");
            }
        }
        if (!(visionFeatureSelectStrategy.equals("default") || visionFeatureSelectStrategy.equals("full"))) {
            throw new ConfigException("vision_feature_select_strategy '" + visionFeatureSelectStrategy
                    + "' is not supported (default, full)");
        }
        if (!projectorHiddenAct.equals("gelu")) {
            throw new ConfigException("projector_hidden_act '" + projectorHiddenAct + "' is not supported (gelu)");
        }
    }

    /** How many encoder layers must run: the deepest requested hidden state (later layers are dead compute). */
    public int visionLayersToRun() {
        int states = visionConfig.numHiddenLayers() + 1;
        int deepest = 0;
        for (int layer : visionFeatureLayers) {
            deepest = Math.max(deepest, layer < 0 ? states + layer : layer);
        }
        return deepest;
    }

    /** Image positions one {@code <image>} expands to. */
    public int imageSeqLength() {
        return visionConfig.numPatches() + (visionFeatureSelectStrategy.equals("full") ? 1 : 0);
    }

    /** Input width of the projector: vision hidden size times the number of feature layers concatenated. */
    public int projectorInputSize() {
        return visionConfig.hiddenSize() * visionFeatureLayers.size();
    }

    public LlavaConfig withTextConfig(TextConfig text) {
        return new LlavaConfig(text, visionConfig, imageTokenIndex, projectorHiddenAct, visionFeatureLayers,
                visionFeatureSelectStrategy, multimodalProjectorBias, tieWordEmbeddings);
    }

    public static LlavaConfig read(Path file) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(Files.readString(file));
        } catch (IOException | JacksonException e) {
            throw new ConfigException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return fromJson(root, file.toString());
    }

    public static LlavaConfig fromJson(JsonNode root, String source) {
        if (root == null || !root.isObject()) {
            throw new ConfigException(source + " is not a JSON object");
        }
        String type = Json.text(root, "model_type", "");
        if (!type.equals("llava")) {
            throw new ConfigException(source + ": model_type '" + type + "' is not 'llava'");
        }
        JsonNode text = root.get("text_config");
        JsonNode vision = root.get("vision_config");
        if (text == null || vision == null || !text.isObject() || !vision.isObject()) {
            throw new ConfigException(source + " needs nested text_config and vision_config objects");
        }
        boolean tie = Json.bool(root, "tie_word_embeddings", false);
        JsonNode featureLayer = root.get("vision_feature_layer");
        List<Integer> layers;
        if (featureLayer == null || featureLayer.isNull()) {
            layers = List.of(-2);
        } else if (featureLayer.isArray()) {
            layers = featureLayer.valueStream().map(JsonNode::asInt).toList();
        } else {
            layers = List.of(featureLayer.asInt());
        }
        long imageToken = Json.lng(root, "image_token_index", Json.lng(root, "image_token_id", 32000));
        try {
            return new LlavaConfig(
                    TextConfig.fromJson(text),
                    VisionConfig.fromJson(vision),
                    imageToken,
                    Json.text(root, "projector_hidden_act", "gelu"),
                    layers,
                    Json.text(root, "vision_feature_select_strategy", "default"),
                    Json.bool(root, "multimodal_projector_bias", true),
                    tie);
        } catch (ConfigException e) {
            throw new ConfigException(source + ": " + e.getMessage(), e);
        }
    }

    /** A config.json that transformers' {@code LlavaConfig.from_pretrained} reads as-is. */
    public ObjectNode toJson() {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.putArray("architectures").add("LlavaForConditionalGeneration");
        o.put("model_type", "llava");
        o.put("image_token_index", imageTokenIndex);
        o.put("projector_hidden_act", projectorHiddenAct);
        if (visionFeatureLayers.size() == 1) {
            o.put("vision_feature_layer", visionFeatureLayers.getFirst());
        } else {
            ArrayNode a = o.putArray("vision_feature_layer");
            visionFeatureLayers.forEach(a::add);
        }
        o.put("vision_feature_select_strategy", visionFeatureSelectStrategy);
        o.put("image_seq_length", imageSeqLength());
        o.put("multimodal_projector_bias", multimodalProjectorBias);
        o.put("tie_word_embeddings", tieWordEmbeddings);
        o.put("torch_dtype", "float32");
        textConfig.toJson(o.putObject("text_config"));
        visionConfig.toJson(o.putObject("vision_config"));
        return o;
    }

    public void write(Path file) throws IOException {
        Files.writeString(file, Json.MAPPER.writeValueAsString(toJson()));
    }
}
