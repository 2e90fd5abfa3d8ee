package dev.lvlmserve.model.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VocabularyTest {
    @TempDir
    Path dir;

    @Test
    void objectVocabularyPlusAddedTokens() throws IOException {
        // LLaVA-1.5-hf's shape: a 32000-entry BPE vocabulary, <image> = 32000 and <pad> = 32001 added after it.
        Path file = Files.writeString(dir.resolve("tokenizer.json"), """
                {"added_tokens": [{"id": 3, "content": "<image>", "special": true},
                                  {"id": 4, "content": "<pad>", "special": true}],
                 "model": {"type": "BPE", "vocab": {"<unk>": 0, "<s>": 1, "▁the": 2}, "merges": []}}
                """);
        Vocabulary vocab = Vocabulary.read(file);
        assertThat(vocab.size()).isEqualTo(5);
        assertThat(vocab.id("▁the")).hasValue(2);
        assertThat(vocab.id("<pad>")).hasValue(4);
        assertThat(vocab.id("the")).isEmpty();
    }

    @Test
    void unigramVocabularyIdsArePositions() throws IOException {
        Path file = Files.writeString(dir.resolve("tokenizer.json"), """
                {"model": {"type": "Unigram", "unk_id": 0,
                           "vocab": [["<unk>", 0.0], ["▁a", -1.5], ["b", -2.0]]}}
                """);
        Vocabulary vocab = Vocabulary.read(file);
        assertThat(vocab.size()).isEqualTo(3);
        assertThat(vocab.id("b")).hasValue(2);
    }

    @Test
    void fileWithoutVocabularyIsRefused() throws IOException {
        Path file = Files.writeString(dir.resolve("tokenizer.json"), "{\"model\": {\"type\": \"BPE\"}}");
        assertThatThrownBy(() -> Vocabulary.read(file)).isInstanceOf(IOException.class).hasMessageContaining("vocab");
    }
}
