package dev.lvlmserve.serving.openai;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/**
 * OpenAI's chat-completions request, the fields this server honours; others (e.g. {@code user}, {@code stop}) are
 * accepted and ignored so unchanged OpenAI clients work.
 *
 * @param model a variant name; {@code default} (or absent) for the current default
 * @param maxCompletionTokens OpenAI's newer name for {@code max_tokens}; wins when both are set
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ChatCompletionRequest(
        String model,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED) List<ChatMessage> messages,
        @JsonProperty("max_tokens") Integer maxTokens,
        @JsonProperty("max_completion_tokens") Integer maxCompletionTokens,
        Double temperature,
        @JsonProperty("top_p") Double topP,
        Long seed,
        Integer n,
        Boolean stream,
        @JsonProperty("stream_options") StreamOptions streamOptions) {

    /**
     * @param content a string, or a list of parts {@code {"type":"text","text":...}} and
     *     {@code {"type":"image_url","image_url":{"url":...}}}
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ChatMessage(
            @Schema(example = "user") String role,
            @Schema(description = "string, or an array of text / image_url parts") Object content) {}

    /** @param includeUsage send a last chunk with {@code usage} before {@code [DONE]} */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record StreamOptions(@JsonProperty("include_usage") Boolean includeUsage) {}

    boolean streaming() {
        return stream != null && stream;
    }

    boolean includeUsage() {
        return streamOptions != null && streamOptions.includeUsage() != null && streamOptions.includeUsage();
    }

    Integer tokenBudget() {
        return maxCompletionTokens != null ? maxCompletionTokens : maxTokens;
    }
}
