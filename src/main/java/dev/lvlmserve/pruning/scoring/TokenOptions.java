package dev.lvlmserve.pruning.scoring;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * How the important tokens are kept (paper §4.1, §5.1.2).
 *
 * @param keepFraction p of the Top-p step: the fraction of tokens kept per sample, by count (paper: 10 %)
 * @param perModality keep the top p of visual and the top p of text tokens separately instead of the top p of all
 *     tokens jointly (the paper ranks jointly; visual and text scores have different scales, hence the option)
 */
public record TokenOptions(
        @JsonProperty("keep_fraction") double keepFraction,
        @JsonProperty("per_modality") boolean perModality) {
    public static final TokenOptions DEFAULT = new TokenOptions(0.10, false);

    public TokenOptions {
        if (!(keepFraction > 0 && keepFraction <= 1)) {
            throw new IllegalArgumentException("keep_fraction must be in (0, 1], was " + keepFraction);
        }
    }

    /** The selection these options keep. */
    public TokenSelection keptSelection() {
        return perModality ? TokenSelection.KEPT_PER_MODALITY : TokenSelection.KEPT;
    }
}
