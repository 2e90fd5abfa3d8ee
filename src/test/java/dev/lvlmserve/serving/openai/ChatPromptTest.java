package dev.lvlmserve.serving.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lvlmserve.model.llava.PromptFormat;
import dev.lvlmserve.serving.error.ServingException;
import dev.lvlmserve.serving.openai.ChatCompletionRequest.ChatMessage;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChatPromptTest {
    static Map<String, Object> image(String url) {
        return Map.of("type", "image_url", "image_url", Map.of("url", url));
    }

    static Map<String, Object> text(String t) {
        return Map.of("type", "text", "text", t);
    }

    @Test
    void aSingleUserTurnIsLlavasOneTurnPrompt() {
        ChatPrompt p = ChatPrompt.from(List.of(new ChatMessage("user", List.of(image("data:x"), text("what is it")))));
        assertThat(PromptFormat.llava15(p.conversation())).isEqualTo("USER: <image>\nwhat is it ASSISTANT:")
                .isEqualTo(PromptFormat.llava15("what is it", true));
        assertThat(p.imageUrl()).isEqualTo("data:x");
        assertThat(p.imageField()).isEqualTo("messages[0].content[0].image_url");
    }

    @Test
    void systemTextComesFirstThenTheTurnsInLlavasFormat() {
        ChatPrompt p = ChatPrompt.from(List.of(new ChatMessage("system", "Short answers."),
                new ChatMessage("user", List.of(image("data:a"), text("color?"))),
                new ChatMessage("assistant", "red"), new ChatMessage("developer", "One word."),
                new ChatMessage("user", "and the shape?")));
        assertThat(PromptFormat.llava15(p.conversation())).isEqualTo(
                "Short answers.\nOne word. USER: <image>\ncolor? ASSISTANT: red</s>USER: and the shape? ASSISTANT:");
        assertThat(p.imageField()).isEqualTo("messages[1].content[0].image_url");
    }

    @Test
    void consecutiveMessagesOfOneRoleAreOneTurn() {
        ChatPrompt p = ChatPrompt.from(List.of(new ChatMessage("user", "first"),
                new ChatMessage("user", List.of(text("second"), image("data:b")))));
        assertThat(PromptFormat.llava15(p.conversation())).isEqualTo("USER: <image>\nfirst\nsecond ASSISTANT:");
    }

    static ServingException refusal(List<ChatMessage> messages) {
        try {
            ChatPrompt.from(messages);
        } catch (ServingException e) {
            return e;
        }
        throw new AssertionError("accepted");
    }

    @Test
    void refusesWhatTheModelCannotTakeNamingTheField() {
        assertThat(refusal(List.of()).param()).isEqualTo("messages");
        ServingException two = refusal(List.of(new ChatMessage("user", List.of(image("data:a"), image("data:b")))));
        assertThat(two.param()).isEqualTo("messages[0].content[1]");
        assertThat(two.getMessage()).contains("at most 1 image");
        ServingException twoMessages = refusal(List.of(new ChatMessage("user", List.of(image("data:a"))),
                new ChatMessage("assistant", "x"), new ChatMessage("user", List.of(text("y"), image("data:b")))));
        assertThat(twoMessages.param()).isEqualTo("messages[2].content[1]");
        assertThat(refusal(List.of(new ChatMessage("system", List.of(image("data:a"))),
                new ChatMessage("user", "hi"))).param()).isEqualTo("messages[0].content[0]");
        assertThat(refusal(List.of(new ChatMessage("user", "hi"), new ChatMessage("assistant", "hello")))
                .getMessage()).contains("last message");
        assertThat(refusal(List.of(new ChatMessage("tool", "x"))).param()).isEqualTo("messages[0].role");
        assertThat(refusal(List.of(new ChatMessage("user", List.of(Map.of("type", "input_audio"))))).param())
                .isEqualTo("messages[0].content[0].type");
        assertThat(refusal(List.of(new ChatMessage("user", 42))).param()).isEqualTo("messages[0].content");
        assertThat(refusal(List.of(new ChatMessage("user", List.of(Map.of("type", "image_url",
                "image_url", Map.of("url", "data:a", "detail", "ultra")))))).param())
                .isEqualTo("messages[0].content[0].image_url.detail");
        assertThatThrownBy(() -> ChatPrompt.from(List.of(new ChatMessage(null, "x"))))
                .isInstanceOf(ServingException.class);
    }
}
