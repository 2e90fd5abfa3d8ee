package dev.lvlmserve.serving.vqa;

import dev.lvlmserve.serving.engine.ImageBytes;
import dev.lvlmserve.serving.engine.InferenceEngine;
import dev.lvlmserve.serving.engine.InferenceRequest;
import dev.lvlmserve.serving.engine.SamplingParams;
import dev.lvlmserve.serving.security.Access;
import dev.lvlmserve.serving.security.AccessLevel;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/** The native visual-question endpoint: one image, one question, one answer with timings. */
@RestController
@Tag(name = "vqa")
@Access(AccessLevel.INFERENCE)
public class VqaController {
    private static final String SUMMARY = "Answer a question about an image: multipart upload, or JSON with base64";

    private final InferenceEngine engine;

    public VqaController(InferenceEngine engine) {
        this.engine = engine;
    }

    @PostMapping(value = "/v1/vqa", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @Operation(operationId = "vqa", summary = SUMMARY, requestBody = @RequestBody(content = @Content(
            mediaType = MediaType.MULTIPART_FORM_DATA_VALUE, schema = @Schema(implementation = VqaForm.class))))
    public VqaResponse multipart(
            @Parameter(hidden = true) @RequestPart("image") MultipartFile image,
            @Parameter(hidden = true) @RequestParam("question") String question,
            @Parameter(hidden = true) @RequestParam(value = "model", required = false) String model,
            @Parameter(hidden = true) @RequestParam(value = "max_new_tokens", required = false) Integer maxNewTokens,
            @Parameter(hidden = true) @RequestParam(value = "temperature", required = false) Double temperature,
            @Parameter(hidden = true) @RequestParam(value = "top_p", required = false) Double topP,
            @Parameter(hidden = true) @RequestParam(value = "seed", required = false) Long seed) {
        byte[] bytes;
        try {
            bytes = image.getBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the uploaded image", e);
        }
        return answer(model, question, bytes, new SamplingParams(maxNewTokens, temperature, topP, seed));
    }

    @PostMapping(value = "/v1/vqa", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "vqa", summary = SUMMARY)
    public VqaResponse json(@Valid @org.springframework.web.bind.annotation.RequestBody VqaJsonRequest body) {
        byte[] bytes = ImageBytes.fromBase64(body.image(), "image");
        return answer(body.model(), body.question(), bytes,
                new SamplingParams(body.maxNewTokens(), body.temperature(), body.topP(), body.seed()));
    }

    private VqaResponse answer(String model, String question, byte[] image, SamplingParams sampling) {
        return VqaResponse.of(engine.complete(new InferenceRequest(model, question, image, sampling,
                InferenceRequest.Api.VQA)));
    }
}
