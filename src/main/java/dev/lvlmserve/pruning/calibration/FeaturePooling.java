package dev.lvlmserve.pruning.calibration;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;

/**
 * How a sample's layer output becomes rows of the SCP feature matrix X (DESIGN §3; the paper says only "extracting and
 * stacking representations of the data samples", §4.2).
 */
public enum FeaturePooling {
    /** Default: one row per sample, the output mean-pooled over all tokens (X ∈ R^{N×D} as the paper writes). */
    MEAN("mean"),
    /** One row per sample, the mean over the tokens the removed layer's TIS keeps (same tokens for p and r). */
    KEPT_MEAN("kept-mean"),
    /** Several token rows per sample at fixed, evenly spaced positions, at most a cap in total. */
    STACKED("stacked");

    private final String jsonName;

    FeaturePooling(String jsonName) {
        this.jsonName = jsonName;
    }

    @JsonValue
    public String jsonName() {
        return jsonName;
    }

    @JsonCreator
    public static FeaturePooling parse(String name) {
        for (FeaturePooling p : values()) {
            if (p.jsonName.equals(name)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown feature pooling '" + name + "' (valid: "
                + Arrays.stream(values()).map(FeaturePooling::jsonName).toList() + ")");
    }
}
