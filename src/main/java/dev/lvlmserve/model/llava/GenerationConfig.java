package dev.lvlmserve.model.llava;

import dev.lvlmserve.model.config.Json;
import dev.lvlmserve.model.io.CheckpointException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/** The optional {@code generation_config.json}: its {@code eos_token_id} (an int or a list) ends generation too. */
final class GenerationConfig {
    private GenerationConfig() {}

    static Set<Long> eosIds(Path dir) {
        Path file = dir.resolve("generation_config.json");
        if (!Files.isRegularFile(file)) {
            return Set.of();
        }
        try {
            JsonNode eos = Json.MAPPER.readTree(Files.readString(file)).get("eos_token_id");
            Set<Long> out = new LinkedHashSet<>();
            if (eos != null && eos.isArray()) {
                eos.valueStream().forEach(v -> out.add(v.asLong()));
            } else if (eos != null && eos.isNumber()) {
                out.add(eos.asLong());
            }
            return out;
        } catch (IOException | JacksonException e) {
            throw new CheckpointException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
