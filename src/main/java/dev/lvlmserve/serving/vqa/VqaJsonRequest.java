package dev.lvlmserve.serving.vqa;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;

/**
 * {@code POST /v1/vqa} as JSON.
 *
 * @param image the image, base64 or a {@code data:image/...;base64,} URI
 * @param model a variant name; absent or {@code default} for the current default
 */
public record VqaJsonRequest(
        @NotBlank @Schema(description = "base64 image or data: URI") String image,
        @NotBlank String question,
        String model,
        @JsonProperty("max_new_tokens") Integer maxNewTokens,
        Double temperature,
        @JsonProperty("top_p") Double topP,
        Long seed) {}
