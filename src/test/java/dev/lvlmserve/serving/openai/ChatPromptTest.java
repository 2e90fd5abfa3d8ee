package dev.lvlmserve.serving.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lvlmserve.serving.error.ServingException;
import dev.lvlmserve.serving.openai.ChatCompletionRequest.ChatMessage;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChatPromptTest {
    static Map<String, Object> image(String url) {
        return Map.of("type", "image_url", "image_url", Map.of("url", url));
    }

    @Test
    void aSingleUserTurnIsTheQuestionVerbatim() {
        ChatPrompt p = ChatPrompt.from(List.of(new ChatMessage("user", List.of(image("data:x"),
                Map.of("type", "text", "text", "what is it")))));
        assertThat(p.question()).isEqualTo("what is it");
        assertThat(p.imageUrl()).isEqualTo("data:x");
    }

    @Test
    void earlierTurnsArePrependedAsText() {
        ChatPrompt p = ChatPrompt.from(List.of(new ChatMessage("system", "short answers"),
                new ChatMessage("user", List.of(image("data:a"), Map.of("type", "text", "text", "color?"))),
                new ChatMessage("assistant", "red"), new ChatMessage("user", "and the shape?")));
        assertThat(p.question()).isEqualTo("short answers\nUSER: color?\nASSISTANT: red\nand the shape?");
        assertThat(p.imageUrl()).isEqualTo("data:a");
    }

    @Test
    void refusesWhatTheModelCannotTake() {
        assertThatThrownBy(() -> ChatPrompt.from(List.of()))
                .isInstanceOf(ServingException.class);
        assertThatThrownBy(() -> ChatPrompt.from(List.of(new ChatMessage("user", List.of(image("data:a"),
                image("data:b")))))).hasMessageContaining("one image");
        assertThatThrownBy(() -> ChatPrompt.from(List.of(new ChatMessage("user", "hi"),
                new ChatMessage("assistant", "hello")))).hasMessageContaining("last message");
        assertThatThrownBy(() -> ChatPrompt.from(List.of(new ChatMessage("tool", "x"))))
                .hasMessageContaining("role 'tool'");
        assertThatThrownBy(() -> ChatPrompt.from(List.of(new ChatMessage("user",
                List.of(Map.of("type", "audio")))))).hasMessageContaining("unsupported content part");
        assertThatThrownBy(() -> ChatPrompt.from(List.of(new ChatMessage("user", 42))))
                .hasMessageContaining("string or an array");
    }
}
