package dev.lvlmserve.serving.openai;

import dev.lvlmserve.serving.config.LimitsProperties;
import dev.lvlmserve.serving.config.LvlmProperties;
import dev.lvlmserve.serving.engine.InferenceEngine;
import dev.lvlmserve.serving.engine.InferenceRequest;
import dev.lvlmserve.serving.engine.SamplingParams;
import dev.lvlmserve.serving.engine.Submission;
import dev.lvlmserve.serving.requestlog.RequestIds;
import dev.lvlmserve.serving.security.Access;
import dev.lvlmserve.serving.security.AccessLevel;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import java.time.Instant;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/**
 * OpenAI-compatible chat completions: a conversation with at most one image ({@code data:} URI, or an allow-listed
 * URL) in the model's chat format, answered whole or streamed as server-sent events, every request field honoured
 * or refused ({@link ChatRequestCheck}). Errors leave in OpenAI's error shape.
 */
@RestController
@Tag(name = "openai")
@Access(AccessLevel.INFERENCE)
public class ChatCompletionsController {
    private final InferenceEngine engine;
    private final ImageUrlResolver images;
    private final JsonMapper json;
    private final Duration timeout;
    private final LimitsProperties limits;

    public ChatCompletionsController(InferenceEngine engine, ImageUrlResolver images, JsonMapper json,
            LvlmProperties properties) {
        this.engine = engine;
        this.images = images;
        this.json = json;
        this.timeout = properties.engine().requestTimeout();
        this.limits = properties.limits();
    }

    /** Returns a {@link ChatCompletion}, or with {@code stream: true} an SSE body (Object: Spring picks by value). */
    @PostMapping(value = "/v1/chat/completions", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "createChatCompletion", summary = "Create a chat completion (OpenAI-compatible)")
    @ApiResponse(responseCode = "200", content = {
            @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                    schema = @Schema(implementation = ChatCompletion.class)),
            @Content(mediaType = MediaType.TEXT_EVENT_STREAM_VALUE,
                    schema = @Schema(implementation = ChatCompletionChunk.class))})
    public Object create(@RequestBody ChatCompletionRequest request, HttpServletResponse response) {
        SamplingParams sampling = ChatRequestCheck.check(request, limits);
        ChatPrompt prompt = ChatPrompt.from(request.messages());
        byte[] image = prompt.imageUrl() == null ? null : images.resolve(prompt.imageUrl(), prompt.imageField());
        InferenceRequest inference = new InferenceRequest(request.model(), prompt.conversation(), image, sampling,
                InferenceRequest.Api.OPENAI, prompt.imageField());
        String id = OpenAiIds.completionId();
        long created = Instant.now().getEpochSecond();
        if (!request.streaming()) {
            return ChatCompletion.of(id, created, engine.complete(inference));
        }
        ChatStream stream = new ChatStream(json, id, created, request.includeUsage(), timeout,
                response::flushBuffer, RequestIds.of(response));
        Submission submission = engine.submit(inference, stream::onText);
        stream.attach(submission, sampling.topLogprobs() != null);
        response.setContentType(MediaType.TEXT_EVENT_STREAM_VALUE);
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-cache");
        response.setHeader("X-Accel-Buffering", "no"); // keep reverse proxies from buffering the stream
        return stream;
    }
}
