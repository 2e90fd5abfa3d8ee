package dev.lvlmserve.serving.openai;

import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * OpenAI's chat-completions request, every field of its published schema: each is honoured or refused with a 400
 * naming it ({@link ChatRequestCheck}); a field the schema does not have is refused too, as OpenAI refuses it.
 *
 * @param model a variant name, or {@code default} for the current default variant (required, as in OpenAI's API)
 * @param maxCompletionTokens OpenAI's newer name for {@code max_tokens}; wins when both are set
 * @param stop a string or up to 4 strings; the answer ends before the first that appears in its text
 * @param logitBias token id (as a string) → bias in [-100, 100] added to that token's logit
 * @param user accepted; this server keeps no per-user state
 */
public record ChatCompletionRequest(
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "default") String model,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED) List<ChatMessage> messages,
        @JsonProperty("max_tokens") Integer maxTokens,
        @JsonProperty("max_completion_tokens") Integer maxCompletionTokens,
        Double temperature,
        @JsonProperty("top_p") Double topP,
        Long seed,
        Integer n,
        Boolean stream,
        @JsonProperty("stream_options") StreamOptions streamOptions,
        @Schema(description = "a string or an array of up to 4 strings", oneOf = {String.class, String[].class})
        Object stop,
        Boolean logprobs,
        @JsonProperty("top_logprobs") Integer topLogprobs,
        @JsonProperty("logit_bias") Map<String, Double> logitBias,
        @JsonProperty("frequency_penalty") Double frequencyPenalty,
        @JsonProperty("presence_penalty") Double presencePenalty,
        String user,
        @Schema(description = "refused unless empty: this model calls no tools") List<Object> tools,
        @JsonProperty("tool_choice") @Schema(description = "refused unless \"none\"") Object toolChoice,
        @JsonProperty("parallel_tool_calls") Boolean parallelToolCalls,
        @Schema(description = "refused unless empty") List<Object> functions,
        @JsonProperty("function_call") @Schema(description = "refused unless \"none\"") Object functionCall,
        @JsonProperty("response_format") @Schema(description = "only {\"type\": \"text\"}")
        Map<String, Object> responseFormat,
        @Schema(description = "only [\"text\"]") List<String> modalities,
        @Schema(description = "refused: no audio output") Object audio,
        @Schema(description = "refused") Object prediction,
        @JsonProperty("web_search_options") @Schema(description = "refused") Object webSearchOptions,
        @JsonProperty("reasoning_effort") @Schema(description = "refused: not a reasoning model")
        String reasoningEffort,
        @Schema(description = "refused") String verbosity,
        @Schema(description = "refused") Object moderation,
        @Schema(description = "false only: this server stores nothing") Boolean store,
        @Schema(description = "accepted; only stored completions use it") Map<String, String> metadata,
        @JsonProperty("service_tier") @Schema(description = "auto or default") String serviceTier,
        @JsonProperty("safety_identifier") @Schema(description = "accepted") String safetyIdentifier,
        @JsonProperty("prompt_cache_key") @Schema(description = "accepted") String promptCacheKey,
        @JsonProperty("prompt_cache_retention") @Schema(description = "accepted") String promptCacheRetention,
        @JsonAnySetter @Schema(hidden = true) Map<String, Object> unknown) {

    public ChatCompletionRequest {
        unknown = unknown == null ? new LinkedHashMap<>() : unknown;
    }

    /**
     * @param content a string, or a list of parts {@code {"type":"text","text":...}} and
     *     {@code {"type":"image_url","image_url":{"url":...}}}
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ChatMessage(
            @Schema(example = "user") String role,
            @Schema(description = "string, or an array of text / image_url parts") Object content) {}

    /**
     * @param includeUsage send a last chunk with {@code usage} before {@code [DONE]} (earlier chunks carry
     *     {@code "usage": null})
     * @param includeObfuscation accepted; no obfuscation field is sent
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record StreamOptions(@JsonProperty("include_usage") Boolean includeUsage,
            @JsonProperty("include_obfuscation") Boolean includeObfuscation) {}

    boolean streaming() {
        return stream != null && stream;
    }

    boolean includeUsage() {
        return streamOptions != null && streamOptions.includeUsage() != null && streamOptions.includeUsage();
    }
}
