package dev.lvlmserve.pruning.plan;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One candidate layer's calibration scores.
 *
 * @param score the mean input/output cosine the method ranked by (higher = more redundant; ShortGPT's block
 *     influence is 1 − score)
 * @param similarity the mean cosine under every token selection, by selection name ({@code all}, {@code visual},
 *     {@code text}, {@code kept}, {@code kept-per-modality}) — one calibration pass serves every baseline's ranking
 */
public record LayerScore(
        @JsonProperty("layer") int layer,
        @JsonProperty("score") double score,
        @JsonProperty("similarity") Map<String, Double> similarity) {
    public LayerScore {
        similarity = similarity == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(similarity));
    }
}
