package dev.lvlmserve.serving.variants;

import dev.lvlmserve.DefaultModel;
import dev.lvlmserve.model.config.LlavaConfig;
import dev.lvlmserve.model.llava.LlavaCheckpoint;
import dev.lvlmserve.pruning.plan.ModelShape;
import dev.lvlmserve.serving.config.LvlmProperties;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The configured base models ({@code lvlm.models}, name → checkpoint directory), or the embedded default model
 * when none is configured. Only {@code config.json} is read here (with its per-layer widths, if any, so prune
 * requests are validated against the real layer shapes before the weights load); weights load at startup.
 */
record BaseModels(Map<String, Path> dirs, Map<String, LlavaConfig> configs, Map<String, ModelShape> shapes) {

    static BaseModels resolve(LvlmProperties properties) {
        Map<String, Path> dirs = new LinkedHashMap<>(properties.models());
        if (dirs.isEmpty()) {
            dirs.put(DefaultModel.NAME, DefaultModel.locate());
        }
        Map<String, LlavaConfig> configs = new LinkedHashMap<>();
        Map<String, ModelShape> shapes = new LinkedHashMap<>();
        dirs.forEach((name, dir) -> {
            if (!VariantNames.isValid(name)) {
                throw new IllegalStateException("lvlm.models: '" + name + "' is not a valid model name");
            }
            Path config = dir.resolve("config.json");
            if (!Files.isRegularFile(config)) {
                throw new IllegalStateException("lvlm.models." + name + ": no config.json in " + dir);
            }
            LlavaConfig c = LlavaConfig.read(config);
            configs.put(name, c);
            shapes.put(name, ModelShape.of(c, LlavaCheckpoint.layerShapes(config, c)));
        });
        return new BaseModels(Collections.unmodifiableMap(dirs), Collections.unmodifiableMap(configs),
                Collections.unmodifiableMap(shapes));
    }

    /** When the base's checkpoint was written (its config.json's modification time), for OpenAI's {@code created}. */
    Instant createdAt(String name) {
        try {
            return Files.getLastModifiedTime(dirs.get(name).resolve("config.json")).toInstant();
        } catch (IOException e) {
            return null;
        }
    }

    String first() {
        return configs.keySet().iterator().next();
    }
}
