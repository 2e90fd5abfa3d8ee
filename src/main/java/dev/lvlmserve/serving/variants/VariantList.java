package dev.lvlmserve.serving.variants;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** {@code GET /v1/variants}: every variant and which one serves requests that name none. */
public record VariantList(@JsonProperty("default") String defaultVariant, List<VariantView> variants) {}
