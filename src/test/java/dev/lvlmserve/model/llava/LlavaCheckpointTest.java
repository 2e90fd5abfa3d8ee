package dev.lvlmserve.model.llava;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import dev.lvlmserve.fixture.FixtureCheckpoint;
import dev.lvlmserve.fixture.FixtureSpec;
import dev.lvlmserve.model.config.ConfigException;
import dev.lvlmserve.model.config.Json;
import dev.lvlmserve.model.io.CheckpointException;
import dev.lvlmserve.model.io.KeyMapping;
import dev.lvlmserve.model.io.SafeDType;
import dev.lvlmserve.model.recipe.LayerWidth;
import dev.lvlmserve.model.recipe.LowRankDelta;
import dev.lvlmserve.model.recipe.RecipeTensors;
import dev.lvlmserve.model.recipe.VariantRecipe;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** Loading llava-hf checkpoint directories end to end, on fixture checkpoints this project writes itself. */
class LlavaCheckpointTest {
    @TempDir
    static Path tmp;

    static Path f32;

    @BeforeAll
    static void writeReference() throws IOException {
        f32 = write("f32", SafeDType.F32, KeyMapping.Vintage.LEGACY, Long.MAX_VALUE);
    }

    static Path write(String name, SafeDType dtype, KeyMapping.Vintage vintage, long shard) throws IOException {
        Path dir = tmp.resolve(name);
        FixtureCheckpoint.write(dir, FixtureSpec.tiny(), 42, new LlavaCheckpoint.WriteOptions(dtype, vintage, shard));
        return dir;
    }

    static Path copy(Path from, String name) throws IOException {
        Path to = tmp.resolve(name);
        Files.createDirectories(to);
        try (var files = Files.list(from)) {
            for (Path f : files.toList()) {
                Files.copy(f, to.resolve(f.getFileName()));
            }
        }
        return to;
    }

    static void assertSameWeights(Path a, Path b, double relTol) {
        try (LlavaModel x = LlavaCheckpoint.loadModel(a, null);
                LlavaModel y = LlavaCheckpoint.loadModel(b, null)) {
            assertEquals(x.weights().asMap().keySet(), y.weights().asMap().keySet());
            for (Map.Entry<String, NDArray> e : x.weights().asMap().entrySet()) {
                float[] u = e.getValue().toFloatArray();
                float[] v = y.weights().require(e.getKey()).toFloatArray();
                for (int i = 0; i < u.length; i++) {
                    assertEquals(u[i], v[i], Math.abs(u[i]) * relTol + 1e-7, e.getKey() + "[" + i + "]");
                }
            }
        }
    }

    @Test
    void f16AndBf16FilesLoadToTheSameValuesWithinTheirPrecision() throws IOException {
        assertSameWeights(f32, write("f16", SafeDType.F16, KeyMapping.Vintage.LEGACY, Long.MAX_VALUE), 1.0 / 2048);
        assertSameWeights(f32, write("bf16", SafeDType.BF16, KeyMapping.Vintage.LEGACY, Long.MAX_VALUE), 1.0 / 256);
    }

    @Test
    void bothKeyVintagesAndShardedFilesGiveTheSameModel() throws IOException {
        assertSameWeights(f32, write("modern", SafeDType.F32, KeyMapping.Vintage.MODERN, Long.MAX_VALUE), 0);
        Path sharded = write("sharded", SafeDType.F32, KeyMapping.Vintage.LEGACY, 64 * 1024);
        assertTrue(Files.exists(sharded.resolve("model.safetensors.index.json")));
        assertSameWeights(f32, sharded, 0);
    }

    @Test
    void exportOfADerivedModelReloadsToTheSameLogits() throws IOException {
        try (LlavaModel base = LlavaCheckpoint.loadModel(f32, null)) {
            LlavaModel pruned = base.withoutLayers(List.of(1));
            Path out = tmp.resolve("pruned");
            LlavaCheckpoint.write(pruned, f32, out, SafeDType.F32, Map.of("note.txt", "x"));
            try (LlavaModel back = LlavaCheckpoint.loadModel(out, null)) {
                assertEquals(3, back.config().textConfig().numHiddenLayers());
                assertArrayEquals(DerivedModelTest.logits(pruned), DerivedModelTest.logits(back));
            }
            assertTrue(Files.exists(out.resolve("tokenizer.json")));
            assertThrows(IOException.class, () -> LlavaCheckpoint.write(pruned, f32, out, SafeDType.F32, Map.of()),
                    "never overwrites");
        }
    }

    @Test
    void aUniformWidthExportIsAStandardConfigAndReloadsEqual() throws IOException {
        Map<Integer, LayerWidth> widths = new LinkedHashMap<>();
        for (int l = 0; l < 4; l++) { // 4 heads over 2 kv heads, hd 16, I 128 → 2 heads (one per group), I 100
            widths.put(l, new LayerWidth(List.of(1, 2), null, IntStream.range(0, 100).boxed().toList()));
        }
        try (LlavaModel base = LlavaCheckpoint.loadModel(f32, null);
                LlavaModel narrow = base.derive(recipe(base).withWidths(widths), RecipeTensors.none())) {
            Path out = tmp.resolve("uniform");
            LlavaCheckpoint.write(narrow, f32, out, SafeDType.F32, Map.of());
            JsonNode text = Json.MAPPER.readTree(Files.readString(out.resolve("config.json"))).get("text_config");
            assertEquals(List.of(2, 2, 100, 16), List.of(text.get("num_attention_heads").asInt(),
                    text.get("num_key_value_heads").asInt(), text.get("intermediate_size").asInt(),
                    text.get("head_dim").asInt()));
            assertTrue(text.get("per_layer_num_attention_heads") == null, "no extra keys for a uniform export");
            try (LlavaModel back = LlavaCheckpoint.loadModel(out, null)) {
                assertArrayEquals(DerivedModelTest.logits(narrow), DerivedModelTest.logits(back));
            }
        }
    }

    @Test
    void aPerLayerWidthExportCarriesTheWidthsAndReloadsEqual() throws IOException {
        Map<Integer, LayerWidth> widths = Map.of(1, new LayerWidth(List.of(0, 2), List.of(0, 1),
                IntStream.range(10, 70).boxed().toList()), 2, new LayerWidth(List.of(2, 3), List.of(1), null));
        try (LlavaModel base = LlavaCheckpoint.loadModel(f32, null);
                LlavaModel narrow = base.derive(recipe(base).withRemovedLayers(List.of(3)).withWidths(widths),
                        RecipeTensors.none())) {
            Path out = tmp.resolve("per-layer");
            LlavaCheckpoint.write(narrow, f32, out, SafeDType.F32, Map.of());
            JsonNode text = Json.MAPPER.readTree(Files.readString(out.resolve("config.json"))).get("text_config");
            assertEquals("[4,2,2]", text.get("per_layer_num_attention_heads").toString());
            assertEquals("[2,2,1]", text.get("per_layer_num_key_value_heads").toString());
            assertEquals("[128,60,128]", text.get("per_layer_intermediate_size").toString());
            assertEquals(16, text.get("head_dim").asInt());
            try (LlavaModel back = LlavaCheckpoint.loadModel(out, null)) {
                assertEquals(narrow.layerShapes().stream().map(s -> List.of(s.heads(), s.kvHeads(), s.intermediate()))
                        .toList(), back.layerShapes().stream().map(s -> List.of(s.heads(), s.kvHeads(),
                                s.intermediate())).toList());
                assertArrayEquals(DerivedModelTest.logits(narrow), DerivedModelTest.logits(back));
            }
            Path broken = copy(out, "per-layer-broken");
            Path c = broken.resolve("config.json");
            Files.writeString(c, Files.readString(c).replace("\"per_layer_intermediate_size\" : [ 128, 60, 128 ]",
                    "\"per_layer_intermediate_size\" : [ 128, 61, 128 ]"));
            CheckpointException e = assertThrows(CheckpointException.class, () -> LlavaCheckpoint.loadModel(broken,
                    null));
            assertTrue(e.getMessage().contains("layers.1.mlp"), e.getMessage());
        }
    }

    @Test
    void anExportMaterializesFactoredDeltas() throws IOException {
        try (LlavaModel base = LlavaCheckpoint.loadModel(f32, null)) {
            String down = "language_model.model.layers.2.mlp.down_proj.weight";
            LowRankDelta d = new LowRankDelta("d", down, 3, 1.0, "scp");
            ai.djl.ndarray.NDManager own = base.manager().newSubManager();
            NDArray a = own.randomNormal(0, 0.2f, new ai.djl.ndarray.types.Shape(3, 128),
                    ai.djl.ndarray.types.DataType.FLOAT32);
            NDArray b = own.randomNormal(0, 0.2f, new ai.djl.ndarray.types.Shape(64, 3),
                    ai.djl.ndarray.types.DataType.FLOAT32);
            try (LlavaModel edited = base.derive(recipe(base).withDeltas(List.of(d)),
                    new RecipeTensors(own, Map.of(d.aKey(), a, d.bKey(), b)))) {
                Path out = tmp.resolve("delta");
                LlavaCheckpoint.write(edited, f32, out, SafeDType.F32, Map.of());
                try (LlavaModel back = LlavaCheckpoint.loadModel(out, null)) {
                    DerivedModelTest.assertClose(DerivedModelTest.logits(edited), DerivedModelTest.logits(back), 1e-4);
                    assertEquals(base.weights().asMap().size(), back.weights().asMap().size(), "no delta keys");
                }
            }
        }
    }

    static VariantRecipe recipe(LlavaModel base) {
        return VariantRecipe.empty(new VariantRecipe.Base("fixture", null, base.languageModel().layerIds().size()));
    }

    @Test
    void aConfigThatContradictsTheWeightsNamesTheKeys() throws IOException {
        Path more = copy(f32, "more-layers");
        Path config = more.resolve("config.json");
        Files.writeString(config, Files.readString(config).replace("\"num_hidden_layers\" : 4",
                "\"num_hidden_layers\" : 5"));
        CheckpointException e = assertThrows(CheckpointException.class, () -> LlavaCheckpoint.loadModel(more, null));
        assertTrue(e.getMessage().contains("language_model.model.layers.4."), e.getMessage());

        Path wider = copy(f32, "wider");
        Path c2 = wider.resolve("config.json");
        Files.writeString(c2, Files.readString(c2).replace("\"intermediate_size\" : 128",
                "\"intermediate_size\" : 96"));
        CheckpointException e2 = assertThrows(CheckpointException.class,
                () -> LlavaCheckpoint.loadModel(wider, null));
        assertTrue(e2.getMessage().contains("mlp.gate_proj.weight"), e2.getMessage());
    }

    @Test
    void truncatedWeightsAndBrokenConfigsFailWithClearErrors() throws IOException {
        Path cut = copy(f32, "truncated");
        try (FileChannel ch = FileChannel.open(cut.resolve("model.safetensors"), StandardOpenOption.WRITE)) {
            ch.truncate(ch.size() - 100);
        }
        CheckpointException e = assertThrows(CheckpointException.class, () -> LlavaCheckpoint.loadModel(cut, null));
        assertTrue(e.getMessage().contains("model.safetensors"), e.getMessage());

        Path noConfig = copy(f32, "no-config");
        Files.delete(noConfig.resolve("config.json"));
        assertThrows(CheckpointException.class, () -> LlavaCheckpoint.loadModel(noConfig, null));

        Path badJson = copy(f32, "bad-json");
        Files.writeString(badJson.resolve("config.json"), "{ not json");
        assertThrows(ConfigException.class, () -> LlavaCheckpoint.loadModel(badJson, null));
    }

    @Test
    void aTokenizerWhoseImageTokenDisagreesWithTheConfigIsRejected() throws IOException {
        Path dir = copy(f32, "image-token");
        Path config = dir.resolve("config.json");
        Files.writeString(config, Files.readString(config).replace("\"image_token_index\" : 4",
                "\"image_token_index\" : 7"));
        CheckpointException e = assertThrows(CheckpointException.class, () -> LlavaPipeline.load(dir, null));
        assertTrue(e.getMessage().contains("image_token_index"), e.getMessage());
    }

    @Test
    void thePipelineAnswersAQuestionAboutAnImage() {
        try (LlavaPipeline p = LlavaPipeline.load(f32, null)) {
            var img = new java.awt.image.BufferedImage(40, 30, java.awt.image.BufferedImage.TYPE_INT_RGB);
            var answers = p.answer(java.util.List.of(new Query(img, "Is there a red circle in the image?",
                    dev.lvlmserve.model.generate.GenerationOptions.greedy(5))),
                    dev.lvlmserve.model.generate.TokenListener.NONE);
            Answer a = answers.getFirst();
            assertTrue(a.completionTokens() <= 5);
            assertEquals(p.promptIds("Is there a red circle in the image?", true).length, a.promptTokens());
            assertTrue(a.timings().visionNanos() > 0 && a.timings().prefillNanos() > 0);
        }
    }
}
