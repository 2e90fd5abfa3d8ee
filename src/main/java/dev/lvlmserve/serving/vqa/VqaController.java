package dev.lvlmserve.serving.vqa;

import dev.lvlmserve.serving.engine.ImageBytes;
import dev.lvlmserve.serving.engine.InferenceEngine;
import dev.lvlmserve.serving.engine.InferenceRequest;
import dev.lvlmserve.serving.engine.SamplingParams;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/** The native visual-question endpoint: one image, one question, one answer with timings. */
@RestController
@Tag(name = "vqa")
public class VqaController {
    private final InferenceEngine engine;

    public VqaController(InferenceEngine engine) {
        this.engine = engine;
    }

    @PostMapping(value = "/v1/vqa", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @Operation(summary = "Answer a question about an uploaded image (multipart)")
    public VqaResponse multipart(
            @RequestPart("image") MultipartFile image,
            @RequestParam("question") String question,
            @RequestParam(value = "model", required = false) String model,
            @RequestParam(value = "max_new_tokens", required = false) Integer maxNewTokens,
            @RequestParam(value = "temperature", required = false) Double temperature,
            @RequestParam(value = "top_p", required = false) Double topP,
            @RequestParam(value = "seed", required = false) Long seed) {
        byte[] bytes;
        try {
            bytes = image.getBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the uploaded image", e);
        }
        return answer(model, question, bytes, new SamplingParams(maxNewTokens, temperature, topP, seed));
    }

    @PostMapping(value = "/v1/vqa", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Answer a question about a base64 image (JSON)")
    public VqaResponse json(@Valid @RequestBody VqaJsonRequest body) {
        byte[] bytes = ImageBytes.fromBase64(body.image(), "image");
        return answer(body.model(), body.question(), bytes,
                new SamplingParams(body.maxNewTokens(), body.temperature(), body.topP(), body.seed()));
    }

    private VqaResponse answer(String model, String question, byte[] image, SamplingParams sampling) {
        return VqaResponse.of(engine.complete(new InferenceRequest(model, question, image, sampling,
                InferenceRequest.Api.VQA)));
    }
}
