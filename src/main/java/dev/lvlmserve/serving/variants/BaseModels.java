package dev.lvlmserve.serving.variants;

import dev.lvlmserve.DefaultModel;
import dev.lvlmserve.model.config.LlavaConfig;
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
 * when none is configured. Only {@code config.json} is read here; weights load at startup.
 */
record BaseModels(Map<String, Path> dirs, Map<String, LlavaConfig> configs) {

    static BaseModels resolve(LvlmProperties properties) {
        Map<String, Path> dirs = new LinkedHashMap<>(properties.models());
        if (dirs.isEmpty()) {
            dirs.put(DefaultModel.NAME, DefaultModel.locate());
        }
        Map<String, LlavaConfig> configs = new LinkedHashMap<>();
        dirs.forEach((name, dir) -> {
            if (!VariantNames.isValid(name)) {
                throw new IllegalStateException("lvlm.models: '" + name + "' is not a valid model name");
            }
            Path config = dir.resolve("config.json");
            if (!Files.isRegularFile(config)) {
                throw new IllegalStateException("lvlm.models." + name + ": no config.json in " + dir);
            }
            configs.put(name, LlavaConfig.read(config));
        });
        return new BaseModels(Collections.unmodifiableMap(dirs), Collections.unmodifiableMap(configs));
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
