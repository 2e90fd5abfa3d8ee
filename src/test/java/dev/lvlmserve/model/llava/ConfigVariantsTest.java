package dev.lvlmserve.model.llava;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.lvlmserve.model.Djl;
import dev.lvlmserve.model.TinyModels;
import dev.lvlmserve.model.config.LlavaConfig;
import dev.lvlmserve.model.io.CheckpointException;
import dev.lvlmserve.model.io.KeyMapping;
import dev.lvlmserve.model.io.SafeDType;
import dev.lvlmserve.model.nn.WeightMap;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The config flags: tied lm_head (LLaMA-style tie_word_embeddings) and Qwen2's q/k/v biases. */
class ConfigVariantsTest {
    @TempDir
    Path tmp;

    @Test
    void tiedEmbeddingsHaveNoLmHeadKeyAndSurviveAWriteReadRoundTrip() throws Exception {
        LlavaConfig tied = TinyModels.config("llama", true);
        assertTrue(WeightLayout.optionalKeys(tied).contains(LlavaModel.LM_HEAD), "a tied checkpoint may omit lm_head");
        try (LlavaModel model = TinyModels.model(tied, 2)) {
            assertFalse(model.weights().asMap().containsKey(LlavaModel.LM_HEAD), "tied: no separate lm_head");
            Path out = tmp.resolve("tied");
            LlavaCheckpoint.write(model, null, out, new LlavaCheckpoint.WriteOptions(SafeDType.F32,
                    KeyMapping.Vintage.MODERN, Long.MAX_VALUE), Map.of());
            assertTrue(Files.isRegularFile(out.resolve("model.safetensors")));
            try (LlavaModel back = LlavaCheckpoint.loadModel(out, null)) {
                assertArrayEquals(DerivedModelTest.logits(model), DerivedModelTest.logits(back));
            }
        }
    }

    @Test
    void aTopLevelTieAloneDoesNotTieAndTheMissingLmHeadErrorSaysWhy() throws Exception {
        try (LlavaModel model = TinyModels.model(TinyModels.config("llama", true), 2)) {
            Path out = tmp.resolve("top-level-tie");
            LlavaCheckpoint.write(model, null, out, SafeDType.F32, Map.of());
            Path config = out.resolve("config.json");
            // text_config silent: as written by a tool that sets only the top-level flag
            Files.writeString(config, Files.readString(config).replaceFirst(
                    "(\"text_config\"[^}]*?)\"tie_word_embeddings\" : true,", "$1"));
            CheckpointException e = assertThrows(CheckpointException.class,
                    () -> LlavaCheckpoint.loadModel(out, null));
            assertTrue(e.getMessage().contains("language_model.lm_head.weight")
                    && e.getMessage().contains("text_config"), e.getMessage());
        }
    }

    @Test
    void qwen2QkvBiasesAreLoadedAndUsed() {
        LlavaConfig qwen = TinyModels.config("qwen2", false);
        String bias = "language_model.model.layers.0.self_attn.q_proj.bias";
        assertTrue(WeightLayout.expectedShapes(qwen).containsKey(bias));
        assertFalse(WeightLayout.expectedShapes(qwen).containsKey(
                "language_model.model.layers.0.self_attn.o_proj.bias"), "Qwen2 has no o_proj bias");
        NDManager m = Djl.newManager();
        Map<String, NDArray> w = new LinkedHashMap<>(RandomWeights.generate(qwen, 3, 0.2, m));
        try (LlavaModel zero = LlavaModel.full(qwen, new WeightMap(w), m)) {
            float[] before = DerivedModelTest.logits(zero);
            NDManager m2 = Djl.newManager();
            Map<String, NDArray> shifted = new LinkedHashMap<>(RandomWeights.generate(qwen, 3, 0.2, m2));
            shifted.put(bias, m2.ones(shifted.get(bias).getShape()));
            try (LlavaModel biased = LlavaModel.full(qwen, new WeightMap(shifted), m2)) {
                float[] after = DerivedModelTest.logits(biased);
                boolean differs = false;
                for (int i = 0; i < before.length; i++) {
                    differs |= before[i] != after[i];
                }
                assertTrue(differs, "a non-zero q_proj bias must change the output");
            }
        }
    }
}
