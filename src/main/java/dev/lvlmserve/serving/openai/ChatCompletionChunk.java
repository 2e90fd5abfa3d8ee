package dev.lvlmserve.serving.openai;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * OpenAI's {@code chat.completion.chunk} (one SSE event of a streamed answer). The first chunk carries the role,
 * the next ones content deltas (with their tokens' log-probabilities when asked for), the last one
 * {@code finish_reason}; with {@code stream_options.include_usage} every chunk has a {@code usage} member, null
 * except on a final chunk with no choices. Without it, {@code usage} is left out.
 */
public record ChatCompletionChunk(String id, String object, long created, String model,
        @JsonProperty("system_fingerprint") String systemFingerprint, List<ChunkChoice> choices,
        @JsonInclude(value = JsonInclude.Include.CUSTOM, valueFilter = Omitted.class) ChatCompletion.Usage usage) {

    /** The usage value that is left out of the JSON (a plain null is written as null). */
    static final ChatCompletion.Usage OMIT = new ChatCompletion.Usage(-1, -1, -1);

    public record ChunkChoice(int index, Delta delta, ChatLogprobs logprobs,
            @JsonProperty("finish_reason") String finishReason) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Delta(String role, String content) {}

    /** Jackson's inclusion filter: true means "leave the member out". */
    static final class Omitted {
        @Override
        public boolean equals(Object value) {
            return value == OMIT;
        }

        @Override
        public int hashCode() {
            return 0;
        }
    }

    /** Builds the chunks of one stream, which share id, created, model, fingerprint and usage presence. */
    record Stream(String id, long created, String model, String fingerprint, boolean includeUsage) {
        ChatCompletionChunk delta(Delta delta, ChatLogprobs logprobs, String finishReason) {
            return new ChatCompletionChunk(id, "chat.completion.chunk", created, model, fingerprint,
                    List.of(new ChunkChoice(0, delta, logprobs, finishReason)), includeUsage ? null : OMIT);
        }

        ChatCompletionChunk usage(ChatCompletion.Usage usage) {
            return new ChatCompletionChunk(id, "chat.completion.chunk", created, model, fingerprint, List.of(),
                    usage);
        }
    }
}
