package dev.lvlmserve.serving.openai;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * OpenAI's {@code chat.completion.chunk} (one SSE event of a streamed answer). The first chunk carries the role,
 * the next ones content deltas, the last one {@code finish_reason}; with {@code stream_options.include_usage} a
 * final chunk with no choices carries {@code usage}.
 */
public record ChatCompletionChunk(String id, String object, long created, String model, List<ChunkChoice> choices,
        @JsonInclude(JsonInclude.Include.NON_NULL) ChatCompletion.Usage usage) {

    public record ChunkChoice(int index, Delta delta, @JsonProperty("finish_reason") String finishReason) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Delta(String role, String content) {}

    static ChatCompletionChunk delta(String id, long created, String model, Delta delta, String finishReason) {
        return new ChatCompletionChunk(id, "chat.completion.chunk", created, model,
                List.of(new ChunkChoice(0, delta, finishReason)), null);
    }

    static ChatCompletionChunk usage(String id, long created, String model, ChatCompletion.Usage usage) {
        return new ChatCompletionChunk(id, "chat.completion.chunk", created, model, List.of(), usage);
    }
}
