package dev.lvlmserve.serving.openai;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.lvlmserve.serving.engine.Completion;
import java.util.List;

/**
 * OpenAI's {@code chat.completion} object, field for field, so OpenAI's client libraries parse it unchanged.
 *
 * @param model the variant that answered
 * @param systemFingerprint changes when the weights behind {@code model} change ({@link OpenAiIds})
 */
public record ChatCompletion(String id, String object, long created, String model,
        @JsonProperty("system_fingerprint") String systemFingerprint, List<Choice> choices, Usage usage) {

    /** @param logprobs null unless the request set {@code logprobs: true} */
    public record Choice(int index, Message message, ChatLogprobs logprobs,
            @JsonProperty("finish_reason") String finishReason) {}

    /** @param refusal always null: the model's answer is never withheld */
    public record Message(String role, String content, String refusal) {}

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
                OpenAiIds.fingerprint(c.variant(), c.model()), List.of(new Choice(0,
                        new Message("assistant", c.text(), null), ChatLogprobs.of(c.logprobs()), c.finishReason())),
                Usage.of(c));
    }
}
