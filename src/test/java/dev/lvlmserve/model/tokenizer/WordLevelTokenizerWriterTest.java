package dev.lvlmserve.model.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class WordLevelTokenizerWriterTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path dir;

    @Test
    void writesTheThreeFilesTransformersLoads() throws IOException {
        WordLevelTokenizerWriter.write(dir.resolve("tok"), List.of("red", "circle"));
        JsonNode tokenizer = JSON.readTree(dir.resolve("tok/tokenizer.json").toFile());
        assertThat(tokenizer.path("model").path("type").asString()).isEqualTo("WordLevel");
        assertThat(tokenizer.path("model").path("unk_token").asString()).isEqualTo("<unk>");
        assertThat(tokenizer.path("pre_tokenizer").path("type").asString()).isEqualTo("Whitespace");
        assertThat(tokenizer.path("post_processor").path("type").asString()).isEqualTo("TemplateProcessing");
        assertThat(tokenizer.get("normalizer").isNull()).isTrue();
        assertThat(tokenizer.get("decoder").isNull()).isTrue();
        assertThat(tokenizer.path("added_tokens").size()).isEqualTo(5);
        for (JsonNode added : tokenizer.path("added_tokens").values()) {
            assertThat(added.path("special").asBoolean()).isTrue();
            assertThat(added.path("normalized").asBoolean()).isFalse();
        }

        JsonNode config = JSON.readTree(dir.resolve("tok/tokenizer_config.json").toFile());
        assertThat(config.path("tokenizer_class").asString()).isEqualTo("PreTrainedTokenizerFast");
        assertThat(config.path("bos_token").asString()).isEqualTo("<s>");
        assertThat(config.path("eos_token").asString()).isEqualTo("</s>");
        assertThat(config.path("pad_token").asString()).isEqualTo("<pad>");
        assertThat(config.path("unk_token").asString()).isEqualTo("<unk>");
        assertThat(config.path("model_max_length").asInt()).isEqualTo(4096);
        assertThat(config.path("added_tokens_decoder").path("4").path("content").asString()).isEqualTo("<image>");
        assertThat(Files.exists(dir.resolve("tok/special_tokens_map.json"))).isTrue();
    }

    @Test
    void specialsComeFirstThenWordsInOrderWithoutDuplicates() throws IOException {
        WordLevelTokenizerWriter.write(dir, List.of("b", "a", "b", "<s>", "A", "?"));
        JsonNode vocab = JSON.readTree(dir.resolve("tokenizer.json").toFile()).path("model").path("vocab");
        assertThat(vocab.propertyNames())
                .containsExactly("<unk>", "<s>", "</s>", "<pad>", "<image>", "b", "a", "A", "?");
        assertThat(vocab.path("<image>").asInt()).isEqualTo(4);
        assertThat(vocab.path("?").asInt()).isEqualTo(8);
    }

    @Test
    void wordsThePreTokenizerWouldSplitAreRefused() {
        for (String bad : new String[] {"two words", "don't", "", " pad", "a\n", "x?"}) {
            assertThatThrownBy(() -> WordLevelTokenizerWriter.write(dir, List.of("ok", bad)))
                    .as("%s", bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("pre-token");
        }
        assertThat(Files.exists(dir.resolve("tokenizer.json"))).isFalse();
    }
}
