package dev.lvlmserve.serving.openai;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.lvlmserve.serving.engine.Completion;
import java.util.List;

/**
 * OpenAI's {@code chat.completion} object, field for field, so OpenAI's client libraries parse it unchanged.
 *
 * @param model the variant that answered
 */
public record ChatCompletion(String id, String object, long created, String model, List<Choice> choices,
        Usage usage) {

    public record Choice(int index, Message message, @JsonProperty("finish_reason") String finishReason,
            Object logprobs) {}

    public record Message(String role, String content) {}

    public record Usage(
            @JsonProperty("prompt_tokens") int promptTokens,
            @JsonProperty("completion_tokens") int completionTokens,
            @JsonProperty("total_tokens") int totalTokens) {

        static Usage of(Completion c) {
            return new Usage(c.promptTokens(), c.completionTokens(), c.promptTokens() + c.completionTokens());
        }
    }

    static ChatCompletion of(String id, long created, Completion c) {
        return new ChatCompletion(id, "chat.completion", created, c.variant(),
                List.of(new Choice(0, new Message("assistant", c.text()), c.finishReason(), null)), Usage.of(c));
    }
}
