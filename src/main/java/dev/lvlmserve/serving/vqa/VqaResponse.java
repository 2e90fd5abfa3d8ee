package dev.lvlmserve.serving.vqa;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.lvlmserve.serving.engine.Completion;
import dev.lvlmserve.serving.engine.RequestTimings;

/**
 * An answer with the variant that gave it and where the time went.
 *
 * @param variant the variant that answered (the default's name when the request named none)
 * @param model the variant's base model
 */
public record VqaResponse(
        String answer,
        String variant,
        String model,
        @JsonProperty("finish_reason") String finishReason,
        @JsonProperty("prompt_tokens") int promptTokens,
        @JsonProperty("completion_tokens") int completionTokens,
        Timings timings) {

    /** Milliseconds. Prefill and decode are the batch's; vision is 0 when the image's features were cached. */
    public record Timings(
            @JsonProperty("queue_ms") double queueMs,
            @JsonProperty("preprocess_ms") double preprocessMs,
            @JsonProperty("vision_ms") double visionMs,
            @JsonProperty("prefill_ms") double prefillMs,
            @JsonProperty("decode_ms") double decodeMs,
            @JsonProperty("time_to_first_token_ms") double timeToFirstTokenMs,
            @JsonProperty("total_ms") double totalMs) {}

    static VqaResponse of(Completion c) {
        RequestTimings t = c.timings();
        return new VqaResponse(c.text(), c.variant(), c.model(), c.finishReason(), c.promptTokens(),
                c.completionTokens(), new Timings(RequestTimings.millis(t.queueNanos()),
                        RequestTimings.millis(t.preprocessNanos()), RequestTimings.millis(t.visionNanos()),
                        RequestTimings.millis(t.prefillNanos()), RequestTimings.millis(t.decodeNanos()),
                        RequestTimings.millis(t.ttftNanos()), RequestTimings.millis(t.totalNanos())));
    }
}
