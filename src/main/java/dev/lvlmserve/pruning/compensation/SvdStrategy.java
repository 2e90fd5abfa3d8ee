package dev.lvlmserve.pruning.compensation;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;

/** How the top singular vectors of H (N×D) are computed, both in float64 with EJML. */
public enum SvdStrategy {
    /** {@link #DIRECT} for small matrices (≤ 2^20 entries), {@link #GRAM} above. */
    AUTO("auto"),
    /** Thin SVD of H itself: most accurate, O(N·D·min(N, D)) with a large constant. */
    DIRECT("direct"),
    /**
     * Symmetric eigen-decomposition of the smaller Gram matrix (H Hᵀ when N ≤ D, else Hᵀ H): one cheap product plus
     * a min(N, D)² eigenproblem. Squaring halves the relative accuracy of small σ, which top-k does not need.
     */
    GRAM("gram");

    private final String jsonName;

    SvdStrategy(String jsonName) {
        this.jsonName = jsonName;
    }

    @JsonValue
    public String jsonName() {
        return jsonName;
    }

    @JsonCreator
    public static SvdStrategy parse(String name) {
        for (SvdStrategy s : values()) {
            if (s.jsonName.equals(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown SVD strategy '" + name + "' (valid: "
                + Arrays.stream(values()).map(SvdStrategy::jsonName).toList() + ")");
    }
}
