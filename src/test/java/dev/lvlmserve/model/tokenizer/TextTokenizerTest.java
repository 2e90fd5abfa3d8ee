package dev.lvlmserve.model.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TextTokenizerTest {
    private static final String PROMPT = "USER: <image>\nWhat colour is the circle? ASSISTANT:";

    // ids: <unk> 0, <s> 1, </s> 2, <pad> 3, <image> 4, USER 5, : 6, ASSISTANT 7, What 8, colour 9, is 10, the 11,
    // ? 12, red 13 — "circle" is deliberately missing.
    private static final List<String> WORDS =
            List.of("USER", ":", "ASSISTANT", "What", "colour", "is", "the", "?", "red", "USER");

    @TempDir
    Path dir;

    @BeforeEach
    void writeTokenizer() throws IOException {
        WordLevelTokenizerWriter.write(dir, WORDS);
    }

    @Test
    void encodesTheLlavaPromptWithBosImageTokenAndUnk() throws IOException {
        try (TextTokenizer tok = TextTokenizer.load(dir)) {
            // <s> USER : <image> What colour is the <unk> ? ASSISTANT :   (the newline only separates)
            assertThat(tok.encode(PROMPT, true)).containsExactly(1, 5, 6, 4, 8, 9, 10, 11, 0, 12, 7, 6);
            assertThat(tok.encode(PROMPT, false)).containsExactly(5, 6, 4, 8, 9, 10, 11, 0, 12, 7, 6);
        }
    }

    @Test
    void imageTokenIsNeverSplitEvenWithoutSpaces() throws IOException {
        try (TextTokenizer tok = TextTokenizer.load(dir.resolve("tokenizer.json"))) {
            assertThat(tok.encode("red<image>red<image><image>", false)).containsExactly(13, 4, 13, 4, 4);
            assertThat(tok.encode("Red", false)).containsExactly(0); // case kept: no normalizer
        }
    }

    @Test
    void decodeJoinsTokensWithSingleSpaces() throws IOException {
        try (TextTokenizer tok = TextTokenizer.load(dir)) {
            long[] ids = tok.encode(PROMPT, true);
            assertThat(tok.decode(ids, false)).isEqualTo("<s> USER : <image> What colour is the <unk> ? ASSISTANT :");
            // skipSpecialTokens drops every special added token, <unk> included.
            assertThat(tok.decode(ids, true)).isEqualTo("USER : What colour is the ? ASSISTANT :");
            long[] words = tok.encode("What colour is the red ?", false);
            assertThat(tok.decode(words, true)).isEqualTo("What colour is the red ?");
            assertThat(tok.decode(new long[0], true)).isEmpty();
        }
    }

    @Test
    void specialIdsAndVocabulary() throws IOException {
        try (TextTokenizer tok = TextTokenizer.load(dir)) {
            assertThat(tok.bosId()).isEqualTo(1);
            assertThat(tok.eosId()).isEqualTo(2);
            assertThat(tok.padId()).isEqualTo(3);
            assertThat(tok.unkId()).hasValue(0);
            assertThat(tok.imageTokenId()).isEqualTo(4);
            assertThat(tok.vocabSize()).isEqualTo(14);
            assertThat(tok.tokenId("colour")).hasValue(9);
            assertThat(tok.tokenId("circle")).isEmpty();
        }
    }

    /**
     * Log-probability pieces: a word marker is a space; a byte-fallback entry is its byte, as a character when
     * ASCII and in OpenAI's {@code bytes:\\xNN} notation when it is part of a longer UTF-8 character, whose bytes
     * are the one raw byte (not the UTF-8 encoding of the character U+00E4).
     */
    @Test
    void tokenTextAndBytesOfMarkerAndByteFallbackEntries() throws IOException {
        // the writer accepts only words its pre-tokenizer could produce: rename four of them in the vocabulary
        WordLevelTokenizerWriter.write(dir, List.of("wa", "wb", "wc", "wd"));
        Path json = dir.resolve("tokenizer.json");
        Files.writeString(json, Files.readString(json).replace("\"wa\"", "\"\u2581red\"")
                .replace("\"wb\"", "\"<0x0A>\"").replace("\"wc\"", "\"<0xE4>\"").replace("\"wd\"", "\"caf\u00e9\""));
        try (TextTokenizer tok = TextTokenizer.load(dir)) {
            long red = tok.tokenId("\u2581red").orElseThrow();
            long newline = tok.tokenId("<0x0A>").orElseThrow();
            long high = tok.tokenId("<0xE4>").orElseThrow();
            long cafe = tok.tokenId("caf\u00e9").orElseThrow();
            assertThat(tok.tokenText(red)).isEqualTo(" red");
            assertThat(tok.tokenBytes(red)).containsExactly(' ', 'r', 'e', 'd');
            assertThat(tok.tokenText(newline)).isEqualTo("\n");
            assertThat(tok.tokenBytes(newline)).containsExactly(0x0A);
            assertThat(tok.tokenText(high)).isEqualTo("bytes:\\xe4");
            assertThat(tok.tokenBytes(high)).containsExactly((byte) 0xE4);
            assertThat(tok.tokenBytes(cafe)).containsExactly('c', 'a', 'f', 0xC3, 0xA9);
            assertThat(tok.tokenText(10_000)).isEmpty();
            assertThat(tok.tokenBytes(10_000)).isEmpty();
        }
    }

    @Test
    void longInputsAreNotTruncatedAt512() throws IOException {
        String text = "red ".repeat(3000);
        try (TextTokenizer tok = TextTokenizer.load(dir)) {
            assertThat(tok.encode(text, true)).hasSize(3001);
        }
    }

    @Test
    void specialTokensFollowTheConfigFilesFirst() throws IOException {
        // tokenizer_config.json wins; null means "none"; AddedToken objects are read by content.
        Files.writeString(dir.resolve("tokenizer_config.json"), """
                {"bos_token": null, "eos_token": {"__type": "AddedToken", "content": "?"}}
                """);
        Files.writeString(dir.resolve("special_tokens_map.json"), """
                {"bos_token": "<s>", "pad_token": "red"}
                """);
        try (TextTokenizer tok = TextTokenizer.load(dir)) {
            assertThatThrownBy(tok::bosId).isInstanceOf(IllegalStateException.class);
            assertThat(tok.eosId()).isEqualTo(12);
            assertThat(tok.padId()).isEqualTo(13);
        }
    }

    @Test
    void generationConfigAndFallbacks() throws IOException {
        Files.delete(dir.resolve("tokenizer_config.json"));
        Files.delete(dir.resolve("special_tokens_map.json"));
        Files.writeString(dir.resolve("generation_config.json"), """
                {"bos_token_id": 5, "eos_token_id": [7, 2]}
                """);
        try (TextTokenizer tok = TextTokenizer.load(dir)) {
            assertThat(tok.bosId()).isEqualTo(5);
            assertThat(tok.eosId()).isEqualTo(7);
            assertThat(tok.padId()).isEqualTo(3); // the well-known <pad>
        }
    }

    @Test
    void padFallsBackToEosWhenNoneIsNamed() throws IOException {
        Files.writeString(dir.resolve("tokenizer_config.json"), """
                {"pad_token": null, "eos_token": "</s>"}
                """);
        try (TextTokenizer tok = TextTokenizer.load(dir)) {
            assertThat(tok.padId()).isEqualTo(2);
        }
    }

    @Test
    void missingImageTokenIsAClearError() throws IOException {
        Path plain = dir.resolve("plain");
        Files.createDirectories(plain);
        // Our tokenizer with <image> renamed: a plain LLaMA-style vocabulary that LLaVA never extended.
        String json = Files.readString(dir.resolve("tokenizer.json"))
                .replace("\"<image>\"", "\"<img>\"");
        Files.writeString(plain.resolve("tokenizer.json"), json);
        try (TextTokenizer tok = TextTokenizer.load(plain)) {
            assertThat(tok.tokenId("<image>")).isEqualTo(OptionalLong.empty());
            assertThatThrownBy(tok::imageTokenId).hasMessageContaining("<image>");
        }
    }

    @Test
    void missingFileIsAnIoError() {
        assertThatThrownBy(() -> TextTokenizer.load(dir.resolve("nowhere"))).isInstanceOf(IOException.class);
    }
}
