package dev.lvlmserve.model.image;

import dev.lvlmserve.model.image.ImageProcessorConfig.CropSize;
import dev.lvlmserve.model.image.ImageProcessorConfig.HeightWidth;
import dev.lvlmserve.model.image.ImageProcessorConfig.ShortestEdge;
import dev.lvlmserve.model.image.ImageProcessorConfig.Size;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code preprocessor_config.json} ↔ {@link ImageProcessorConfig}. Absent keys take {@code LlavaImageProcessor}'s
 * defaults; {@code size} and {@code crop_size} accept the legacy forms transformers' {@code get_size_dict} accepts
 * (a bare int, a {@code [height, width]} list). Unknown keys are ignored, as transformers ignores them.
 */
final class ImageProcessorConfigJson {
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private ImageProcessorConfigJson() {}

    static ImageProcessorConfig read(Path path) throws IOException {
        JsonNode root;
        try {
            root = JSON.readTree(Files.readString(path, StandardCharsets.UTF_8));
        } catch (JacksonException e) {
            throw new IOException("not valid JSON: " + path + ": " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IOException("not a JSON object: " + path);
        }
        try {
            return fromJson(root);
        } catch (IllegalArgumentException e) {
            throw new IOException("invalid preprocessor config " + path + ": " + e.getMessage(), e);
        }
    }

    static ImageProcessorConfig fromJson(JsonNode root) {
        return new ImageProcessorConfig(
                bool(root, "do_resize", true),
                size(root.get("size")),
                intValue(root, "resample", PilFilter.BICUBIC.code()),
                bool(root, "do_center_crop", true),
                cropSize(root.get("crop_size")),
                bool(root, "do_rescale", true),
                number(root, "rescale_factor", 1.0 / 255.0),
                bool(root, "do_normalize", true),
                triple(root, "image_mean", ImageProcessorConfig.OPENAI_CLIP_MEAN),
                triple(root, "image_std", ImageProcessorConfig.OPENAI_CLIP_STD),
                bool(root, "do_convert_rgb", true),
                bool(root, "do_pad", false),
                text(root, "image_processor_type"),
                text(root, "processor_class"));
    }

    static void write(ImageProcessorConfig c, Path path) throws IOException {
        ObjectNode root = JSON.createObjectNode(); // keys in sorted order, as transformers' to_json_string writes
        ObjectNode crop = root.putObject("crop_size");
        crop.put("height", c.cropSize().height());
        crop.put("width", c.cropSize().width());
        root.put("do_center_crop", c.doCenterCrop());
        root.put("do_convert_rgb", c.doConvertRgb());
        root.put("do_normalize", c.doNormalize());
        root.put("do_pad", c.doPad());
        root.put("do_rescale", c.doRescale());
        root.put("do_resize", c.doResize());
        c.imageMean().forEach(root.putArray("image_mean")::add);
        if (c.imageProcessorType() != null) {
            root.put("image_processor_type", c.imageProcessorType());
        }
        c.imageStd().forEach(root.putArray("image_std")::add);
        if (c.processorClass() != null) {
            root.put("processor_class", c.processorClass());
        }
        root.put("resample", c.resample());
        root.put("rescale_factor", c.rescaleFactor());
        ObjectNode size = root.putObject("size");
        switch (c.size()) {
            case ShortestEdge s -> size.put("shortest_edge", s.shortestEdge());
            case HeightWidth hw -> {
                size.put("height", hw.height());
                size.put("width", hw.width());
            }
        }
        String json = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
        Files.writeString(path, json, StandardCharsets.UTF_8);
    }

    /** {@code get_size_dict(size, default_to_square=False)}: an int means the shortest edge. */
    private static Size size(JsonNode node) {
        if (node == null || node.isNull()) {
            return new ShortestEdge(224);
        }
        if (node.isNumber()) {
            return new ShortestEdge(node.asInt());
        }
        if (node.isArray() && node.size() == 2) {
            return new HeightWidth(node.get(0).asInt(), node.get(1).asInt());
        }
        if (node.isObject() && node.has("shortest_edge")) {
            return new ShortestEdge(node.get("shortest_edge").asInt());
        }
        if (node.isObject() && node.has("height") && node.has("width")) {
            return new HeightWidth(node.get("height").asInt(), node.get("width").asInt());
        }
        throw new IllegalArgumentException("size must hold shortest_edge, or height and width: " + node);
    }

    /** {@code get_size_dict(crop_size, default_to_square=True)}: an int means a square. */
    private static CropSize cropSize(JsonNode node) {
        if (node == null || node.isNull()) {
            return new CropSize(224, 224);
        }
        if (node.isNumber()) {
            return new CropSize(node.asInt(), node.asInt());
        }
        if (node.isArray() && node.size() == 2) {
            return new CropSize(node.get(0).asInt(), node.get(1).asInt());
        }
        if (node.isObject() && node.has("height") && node.has("width")) {
            return new CropSize(node.get("height").asInt(), node.get("width").asInt());
        }
        throw new IllegalArgumentException("crop_size must hold height and width: " + node);
    }

    private static List<Double> triple(JsonNode root, String key, List<Double> fallback) {
        JsonNode node = root.get(key);
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (node.isNumber()) { // a scalar applies to every channel
            return List.of(node.asDouble(), node.asDouble(), node.asDouble());
        }
        List<Double> values = new ArrayList<>();
        for (JsonNode v : node.values()) {
            values.add(require(v, JsonNode::isNumber, key).asDouble());
        }
        return values;
    }

    private static boolean bool(JsonNode root, String key, boolean fallback) {
        JsonNode node = root.get(key);
        return node == null || node.isNull() ? fallback : require(node, JsonNode::isBoolean, key).asBoolean();
    }

    private static int intValue(JsonNode root, String key, int fallback) {
        JsonNode node = root.get(key);
        return node == null || node.isNull() ? fallback : require(node, JsonNode::isNumber, key).asInt();
    }

    private static double number(JsonNode root, String key, double fallback) {
        JsonNode node = root.get(key);
        return node == null || node.isNull() ? fallback : require(node, JsonNode::isNumber, key).asDouble();
    }

    private static String text(JsonNode root, String key) {
        JsonNode node = root.get(key);
        return node == null || node.isNull() ? null : require(node, JsonNode::isString, key).asString();
    }

    private static JsonNode require(JsonNode node, Function<JsonNode, Boolean> check, String key) {
        if (!check.apply(node)) {
            throw new IllegalArgumentException(key + " has the wrong type: " + node);
        }
        return node;
    }
}
