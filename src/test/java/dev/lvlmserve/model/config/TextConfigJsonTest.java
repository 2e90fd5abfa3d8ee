package dev.lvlmserve.model.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/** config.json as transformers reads it: each key with its config class's default, per model type. */
class TextConfigJsonTest {
    static ObjectNode llava(String textJson, boolean topLevelTie) {
        String json = "{\"model_type\":\"llava\",\"tie_word_embeddings\":" + topLevelTie + ",\"text_config\":"
                + textJson + ",\"vision_config\":{\"hidden_size\":16,\"intermediate_size\":32,"
                + "\"num_hidden_layers\":2,\"num_attention_heads\":2,\"image_size\":16,\"patch_size\":4}}";
        return (ObjectNode) Json.MAPPER.readTree(json);
    }

    static TextConfig text(String fields) {
        String json = "{\"hidden_size\":32,\"intermediate_size\":64,\"num_hidden_layers\":4,"
                + "\"num_attention_heads\":4,\"vocab_size\":64" + (fields.isEmpty() ? "" : "," + fields) + "}";
        return LlavaConfig.fromJson(llava(json, false), "test").textConfig();
    }

    @Test
    void tiedEmbeddingsAreDecidedByTextConfigAloneDefaultingToFalse() {
        String plain = "{\"hidden_size\":32,\"intermediate_size\":64,\"num_hidden_layers\":2,"
                + "\"num_attention_heads\":4,\"vocab_size\":64}";
        LlavaConfig topOnly = LlavaConfig.fromJson(llava(plain, true), "test");
        assertTrue(topOnly.tieWordEmbeddings(), "the top-level flag is kept for round trips");
        assertFalse(topOnly.textConfig().tieWordEmbeddings(), "but text_config's default (false) decides");
        String tied = plain.replace("}", ",\"tie_word_embeddings\":true}");
        assertTrue(LlavaConfig.fromJson(llava(tied, false), "test").textConfig().tieWordEmbeddings());
    }

    @Test
    void mistralSlidesOverItsDefaultWindowUnlessTheWindowIsNull() {
        assertEquals(4096, text("\"model_type\":\"mistral\"").slidingWindow(), "MistralConfig default");
        assertEquals(0, text("\"model_type\":\"mistral\",\"sliding_window\":null").slidingWindow());
        assertEquals(8, text("\"model_type\":\"mistral\",\"sliding_window\":8").slidingWindow());
        assertEquals(0, text("\"sliding_window\":8").slidingWindow(), "LlamaConfig has no window");
        ConfigException e = assertThrows(ConfigException.class,
                () -> text("\"model_type\":\"mistral\",\"sliding_window\":0"));
        assertTrue(e.getMessage().contains("sliding_window"), e.getMessage());
    }

    @Test
    void qwen2SlidesOnlyWithUseSlidingWindowAndOnlyOnAllLayersOrNone() {
        assertEquals(0, text("\"model_type\":\"qwen2\",\"max_window_layers\":0").slidingWindow(),
                "use_sliding_window defaults to false");
        assertEquals(0, text("\"model_type\":\"qwen2\",\"use_sliding_window\":true").slidingWindow(),
                "max_window_layers 28 of 4 layers: every layer attends fully");
        assertEquals(4096, text("\"model_type\":\"qwen2\",\"use_sliding_window\":true,\"max_window_layers\":0")
                .slidingWindow(), "Qwen2Config's default window on every layer");
        assertEquals(16, text("\"model_type\":\"qwen2\",\"use_sliding_window\":true,\"sliding_window\":16,"
                + "\"layer_types\":[\"sliding_attention\",\"sliding_attention\",\"sliding_attention\","
                + "\"sliding_attention\"]").slidingWindow());
        ConfigException mixed = assertThrows(ConfigException.class,
                () -> text("\"model_type\":\"qwen2\",\"use_sliding_window\":true,\"max_window_layers\":2"));
        assertTrue(mixed.getMessage().contains("max_window_layers") && mixed.getMessage().contains("2 of 4"),
                mixed.getMessage());
        ConfigException listed = assertThrows(ConfigException.class, () -> text("\"model_type\":\"qwen2\","
                + "\"use_sliding_window\":true,\"layer_types\":[\"full_attention\",\"sliding_attention\","
                + "\"full_attention\",\"chunked_attention\"]"));
        assertTrue(listed.getMessage().contains("layer_types"), listed.getMessage());
    }

    @Test
    void biasKeysAreLlamasAndOtherModelTypesIgnoreThemAsTransformersDoes() {
        TextConfig llama = text("\"attention_bias\":true,\"mlp_bias\":true");
        assertTrue(llama.attentionBias() && llama.mlpBias() && llama.qkvBias() && llama.oBias());
        TextConfig mistral = text("\"model_type\":\"mistral\",\"attention_bias\":true,\"mlp_bias\":true");
        assertFalse(mistral.attentionBias() || mistral.mlpBias() || mistral.qkvBias());
        TextConfig qwen = text("\"model_type\":\"qwen2\",\"attention_bias\":true");
        assertTrue(qwen.qkvBias());
        assertFalse(qwen.oBias(), "Qwen2's o_proj never has a bias");
        ConfigException e = assertThrows(ConfigException.class, () -> new TextConfig("mistral", 64, 32, 64, 2, 4, 4,
                0, "silu", 256, 1e-6, 1e4, 1, false, true, false, 1, 2, 0));
        assertTrue(e.getMessage().contains("mlp_bias"), e.getMessage());
    }

    @Test
    void headDimAndWindowsSurviveAWriteReadRoundTrip() {
        for (String fields : new String[] {"\"head_dim\":16", "\"model_type\":\"mistral\",\"sliding_window\":8",
                "\"model_type\":\"mistral\",\"sliding_window\":null",
                "\"model_type\":\"qwen2\",\"use_sliding_window\":true,\"max_window_layers\":0,\"sliding_window\":8",
                "\"model_type\":\"qwen2\""}) {
            TextConfig t = text(fields);
            ObjectNode written = t.toJson(Json.MAPPER.createObjectNode());
            assertEquals(t, TextConfig.fromJson(written), fields);
        }
        assertEquals(16, text("\"head_dim\":16").headDim());
        ConfigException odd = assertThrows(ConfigException.class, () -> text("\"head_dim\":15"));
        assertTrue(odd.getMessage().contains("head_dim"), odd.getMessage());
    }
}
