package dev.lvlmserve.model.config;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The sliding-window settings of the text configs, read with transformers' defaults and reduced to one window for
 * all layers (or none).
 *
 * <ul>
 *   <li>Mistral ({@code MistralConfig}): {@code sliding_window}, default 4096, null for none; every layer.
 *   <li>Qwen2 ({@code Qwen2Config}): a window only when {@code use_sliding_window} (default false); then layer i
 *       slides when {@code i >= max_window_layers} (default 28), or as an explicit {@code layer_types} list says.
 *       Windows on some layers but not others are refused: pruning renumbers layers, and a per-layer pattern would
 *       silently move with them.
 *   <li>LLaMA: no window ({@code LlamaConfig} has no such setting).
 * </ul>
 */
final class SlidingWindows {
    static final int MISTRAL_DEFAULT = 4096;
    static final int QWEN2_DEFAULT = 4096;
    static final int QWEN2_DEFAULT_MAX_WINDOW_LAYERS = 28;

    private SlidingWindows() {}

    /** The window every layer uses, 0 for none. */
    static int fromJson(JsonNode n, String modelType, int layers) {
        return switch (modelType) {
            case "mistral" -> window(n, MISTRAL_DEFAULT);
            case "qwen2" -> qwen2(n, layers);
            default -> 0;
        };
    }

    private static int qwen2(JsonNode n, int layers) {
        if (!Json.bool(n, "use_sliding_window", false)) {
            return 0; // Qwen2Config sets sliding_window to None then, whatever layer_types says
        }
        int window = window(n, QWEN2_DEFAULT);
        if (window == 0) {
            return 0;
        }
        int sliding = 0;
        JsonNode types = n.get("layer_types");
        if (types != null && !types.isNull()) {
            if (!types.isArray() || types.size() != layers) {
                throw new ConfigException("text_config.layer_types must list " + layers + " layer types, was "
                        + types);
            }
            for (JsonNode t : types) {
                String type = t.asString();
                if (type.equals("sliding_attention")) {
                    sliding++;
                } else if (!type.equals("full_attention")) {
                    throw new ConfigException("text_config.layer_types entry '" + type + "' is not supported "
                            + "(full_attention, sliding_attention)");
                }
            }
        } else {
            int full = Json.integer(n, "max_window_layers", QWEN2_DEFAULT_MAX_WINDOW_LAYERS);
            sliding = Math.max(0, layers - Math.max(0, full));
        }
        if (sliding == 0) {
            return 0;
        }
        if (sliding != layers) {
            throw new ConfigException("text_config.use_sliding_window with max_window_layers / layer_types gives a "
                    + "sliding window to " + sliding + " of " + layers + " layers; only all or none is supported");
        }
        return window;
    }

    private static int window(JsonNode n, int fallback) {
        JsonNode v = n.get("sliding_window");
        if (v != null && v.isNull()) {
            return 0;
        }
        int w = Json.integer(n, "sliding_window", fallback);
        if (w <= 0) {
            throw new ConfigException("text_config.sliding_window must be positive or null, was " + w);
        }
        return w;
    }

    /** Writes the window back the way the model type's config class reads it. */
    static void toJson(ObjectNode o, String modelType, int window, int layers) {
        switch (modelType) {
            case "mistral" -> {
                if (window > 0) {
                    o.put("sliding_window", window);
                } else {
                    o.putNull("sliding_window");
                }
            }
            case "qwen2" -> {
                o.put("use_sliding_window", window > 0);
                o.put("sliding_window", window > 0 ? window : QWEN2_DEFAULT);
                o.put("max_window_layers", window > 0 ? 0 : layers);
            }
            default -> {
                // LlamaConfig has no window
            }
        }
    }
}
