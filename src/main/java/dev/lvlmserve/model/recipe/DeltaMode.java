package dev.lvlmserve.model.recipe;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;

/**
 * How a variant applies its low-rank deltas: folded into a full copy of each edited weight (one matmul at run
 * time, owns out·in floats per tensor) or kept as factors beside the shared base weight (two skinny matmuls, owns
 * k·(out + in) floats). Both give the same outputs to fp32 rounding.
 */
public enum DeltaMode {
    MATERIALIZED("materialized"),
    FACTORED("factored");

    private final String jsonName;

    DeltaMode(String jsonName) {
        this.jsonName = jsonName;
    }

    @JsonValue
    public String jsonName() {
        return jsonName;
    }

    @JsonCreator
    public static DeltaMode parse(String name) {
        for (DeltaMode m : values()) {
            if (m.jsonName.equals(name)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown delta mode '" + name + "' (valid: "
                + Arrays.stream(values()).map(DeltaMode::jsonName).toList() + ")");
    }
}
