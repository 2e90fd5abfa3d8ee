package dev.lvlmserve.serving.vqa;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The multipart form of {@code POST /v1/vqa}, for the OpenAPI document only (the controller binds the parts one by
 * one, so that field names can be snake_case).
 */
@Schema(name = "VqaForm", requiredProperties = {"image", "question"})
record VqaForm(
        @Schema(type = "string", format = "binary", description = "PNG, JPEG, WebP, GIF or BMP") String image,
        String question,
        @Schema(description = "variant name; absent or 'default' for the current default") String model,
        @JsonProperty("max_new_tokens") Integer maxNewTokens,
        Double temperature,
        @JsonProperty("top_p") Double topP,
        Long seed) {}
