package dev.lvlmserve.model.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.lvlmserve.model.Djl;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class ShardedCheckpointTest {
    @TempDir
    Path dir;

    /** Four tensors of 24, 8, 40 and 8 bytes as F32 (12, 4, 20, 4 as F16). */
    private static Map<String, NDArray> tensors(NDManager m) {
        Map<String, NDArray> t = new LinkedHashMap<>();
        t.put("a", m.create(HandBuilt.values(6, 1), new Shape(2, 3)));
        t.put("b", m.create(HandBuilt.values(2, 2), new Shape(2)));
        t.put("c", m.create(HandBuilt.values(10, 3), new Shape(5, 2)));
        t.put("d", m.create(HandBuilt.values(2, 4), new Shape(1, 1, 2)));
        return t;
    }

    @Test
    void shardedCheckpointReadsLikeTheSingleFile() throws Exception {
        Path single = dir.resolve("single");
        Path sharded = dir.resolve("sharded");
        try (NDManager m = Djl.newManager()) {
            Map<String, NDArray> t = tensors(m);
            SafetensorsWriter.writeSharded(single, t, SafeDType.F32, Long.MAX_VALUE, Map.of());
            // a+b fill the first shard exactly; c exceeds the limit alone and gets a shard of its own.
            SafetensorsWriter.writeSharded(sharded, t, SafeDType.F32, 32, Map.of());

            assertTrue(Files.exists(single.resolve("model.safetensors")));
            assertFalse(Files.exists(single.resolve("model.safetensors.index.json")));
            for (String shard : List.of("model-00001-of-00003.safetensors", "model-00002-of-00003.safetensors",
                    "model-00003-of-00003.safetensors")) {
                assertTrue(Files.exists(sharded.resolve(shard)), shard);
            }
            JsonNode index = new JsonMapper().readTree(sharded.resolve("model.safetensors.index.json").toFile());
            assertEquals(80, index.get("metadata").get("total_size").longValue());
            assertEquals("model-00001-of-00003.safetensors", index.get("weight_map").get("b").stringValue());
            assertEquals("model-00002-of-00003.safetensors", index.get("weight_map").get("c").stringValue());
            assertEquals("model-00003-of-00003.safetensors", index.get("weight_map").get("d").stringValue());

            try (CheckpointFiles one = CheckpointFiles.open(single);
                    CheckpointFiles many = CheckpointFiles.open(sharded)) {
                assertEquals(List.copyOf(one.keys()), List.copyOf(many.keys()));
                assertEquals(3, many.paths().size());
                for (String key : one.keys()) {
                    assertEquals(SafeDType.F32, many.dtypeOf(key));
                    assertArrayEquals(one.info(key).shape(), many.info(key).shape());
                    try (NDArray x = one.load(key, m); NDArray y = many.load(key, m)) {
                        assertArrayEquals(x.toFloatArray(), y.toFloatArray(), 0f, key);
                        assertArrayEquals(t.get(key).toFloatArray(), y.toFloatArray(), 0f, key);
                    }
                }
            }
        }
    }

    @Test
    void resavingInTheOtherLayoutRemovesStaleFiles() throws Exception {
        try (NDManager m = Djl.newManager()) {
            Map<String, NDArray> t = tensors(m);
            SafetensorsWriter.writeSharded(dir, t, SafeDType.BF16, 30, Map.of());
            assertTrue(Files.exists(dir.resolve("model.safetensors.index.json")));
            SafetensorsWriter.writeSharded(dir, t, SafeDType.BF16, Long.MAX_VALUE, Map.of());
            try (var files = Files.list(dir)) {
                assertEquals(List.of("model.safetensors"), files.map(p -> p.getFileName().toString()).toList());
            }
        }
    }

    private Path shardedFixture() throws Exception {
        try (NDManager m = Djl.newManager()) {
            SafetensorsWriter.writeSharded(dir, tensors(m), SafeDType.F16, 16, Map.of());
        }
        return dir.resolve("model.safetensors.index.json");
    }

    private static void assertMentions(CheckpointException e, String... parts) {
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "message lacks '" + part + "': " + e.getMessage());
        }
    }

    @Test
    void indexListingAMissingShard() throws Exception {
        shardedFixture();
        Files.delete(dir.resolve("model-00002-of-00003.safetensors"));
        CheckpointException e = assertThrows(CheckpointException.class, () -> CheckpointFiles.open(dir));
        assertMentions(e, "model-00002-of-00003.safetensors", "does not exist", "'c'", "model.safetensors.index.json");
    }

    @Test
    void indexNamingAKeyTheShardLacks() throws Exception {
        Path index = shardedFixture();
        String json = Files.readString(index).replace("\"weight_map\" : {",
                "\"weight_map\" : {\n    \"ghost.weight\" : \"model-00001-of-00003.safetensors\",");
        Files.writeString(index, json);
        CheckpointException e = assertThrows(CheckpointException.class, () -> CheckpointFiles.open(dir));
        assertMentions(e, "'ghost.weight'", "model-00001-of-00003.safetensors", "missing from their shard");
    }

    @Test
    void shardWithAKeyTheIndexDoesNotList() throws Exception {
        Path index = shardedFixture();
        Files.writeString(index, Files.readString(index).replaceAll(",\\s*\"b\" : \"[^\"]+\"", ""));
        CheckpointException e = assertThrows(CheckpointException.class, () -> CheckpointFiles.open(dir));
        assertMentions(e, "'b' in model-00001-of-00003.safetensors", "does not assign");
    }

    @Test
    void indexPointingOutsideTheDirectory() throws Exception {
        Path index = shardedFixture();
        Files.writeString(index, Files.readString(index).replace("\"model-00001", "\"../model-00001"));
        assertMentions(assertThrows(CheckpointException.class, () -> CheckpointFiles.open(dir)),
                "../model-00001", "not a file name");
    }

    @Test
    void directoryWithoutACheckpoint() {
        CheckpointException e = assertThrows(CheckpointException.class, () -> CheckpointFiles.open(dir));
        assertEquals("no model.safetensors or model.safetensors.index.json in " + dir, e.getMessage());
    }

    @Test
    void unknownKey() throws Exception {
        shardedFixture();
        try (CheckpointFiles files = CheckpointFiles.open(dir)) {
            assertMentions(assertThrows(CheckpointException.class, () -> files.info("zzz")), "'zzz'",
                    dir.toString());
        }
    }
}
