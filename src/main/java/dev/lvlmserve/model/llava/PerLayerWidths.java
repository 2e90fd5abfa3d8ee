package dev.lvlmserve.model.llava;

import dev.lvlmserve.model.config.ConfigException;
import dev.lvlmserve.model.config.TextConfig;
import dev.lvlmserve.model.llama.LayerShape;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The extra {@code text_config} keys of a checkpoint whose decoder layers differ in width (a widthwise-pruned variant
 * with a layer range), one entry per layer in checkpoint order:
 *
 * <ul>
 *   <li>{@value #HEADS}: query heads of each layer;
 *   <li>{@value #KV_HEADS}: key/value heads of each layer;
 *   <li>{@value #INTERMEDIATE}: MLP neurons of each layer.
 * </ul>
 *
 * The standard keys keep the widest values and {@code head_dim} is explicit. Stock loaders (transformers, vLLM) do not
 * read these keys and fail on the weight shapes; lvlm-serve checks every weight against them and runs each layer at
 * the width its weights have. A uniform-width variant needs none of this: its standard keys say it all.
 */
final class PerLayerWidths {
    static final String HEADS = "per_layer_num_attention_heads";
    static final String KV_HEADS = "per_layer_num_key_value_heads";
    static final String INTERMEDIATE = "per_layer_intermediate_size";

    private PerLayerWidths() {}

    /** The per-layer widths of a {@code text_config}, or null when it has none (every layer as the config says). */
    static List<LayerShape> read(JsonNode textConfig, TextConfig config) {
        JsonNode heads = textConfig.get(HEADS);
        JsonNode kv = textConfig.get(KV_HEADS);
        JsonNode inter = textConfig.get(INTERMEDIATE);
        if (heads == null && kv == null && inter == null) {
            return null;
        }
        int n = config.numHiddenLayers();
        for (JsonNode a : new JsonNode[] {heads, kv, inter}) {
            if (a == null || !a.isArray() || a.size() != n) {
                throw new ConfigException("text_config: " + HEADS + ", " + KV_HEADS + " and " + INTERMEDIATE
                        + " must all be lists of " + n + " numbers (one per layer)");
            }
        }
        List<LayerShape> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            try {
                out.add(new LayerShape(i, heads.get(i).asInt(), kv.get(i).asInt(), inter.get(i).asInt()));
            } catch (IllegalArgumentException e) {
                throw new ConfigException("text_config per-layer widths: " + e.getMessage(), e);
            }
        }
        return out;
    }

    /**
     * Adds the keys (and an explicit {@code head_dim}) to {@code textConfig} when the layers' widths differ; a
     * uniform model gets none.
     */
    static void write(ObjectNode textConfig, List<LayerShape> shapes, int headDim) {
        if (shapes.stream().allMatch(shapes.getFirst()::sameWidths)) {
            return;
        }
        textConfig.put("head_dim", headDim);
        ArrayNode heads = textConfig.putArray(HEADS);
        ArrayNode kv = textConfig.putArray(KV_HEADS);
        ArrayNode inter = textConfig.putArray(INTERMEDIATE);
        for (LayerShape s : shapes) {
            heads.add(s.heads());
            kv.add(s.kvHeads());
            inter.add(s.intermediate());
        }
    }
}
