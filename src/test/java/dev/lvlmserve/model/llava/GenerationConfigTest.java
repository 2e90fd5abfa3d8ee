package dev.lvlmserve.model.llava;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.lvlmserve.model.io.CheckpointException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenerationConfigTest {
    @TempDir
    Path dir;

    @Test
    void eosIsAnIntAListOrAbsent() throws Exception {
        assertEquals(Set.of(), GenerationConfig.eosIds(dir));
        Files.writeString(dir.resolve("generation_config.json"), "{\"eos_token_id\": 2}");
        assertEquals(Set.of(2L), GenerationConfig.eosIds(dir));
        Files.writeString(dir.resolve("generation_config.json"), "{\"eos_token_id\": [2, 32007]}");
        assertEquals(Set.of(2L, 32007L), GenerationConfig.eosIds(dir));
        Files.writeString(dir.resolve("generation_config.json"), "{not json");
        assertThrows(CheckpointException.class, () -> GenerationConfig.eosIds(dir));
    }
}
