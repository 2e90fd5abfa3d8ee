package dev.lvlmserve.pruning.plan;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.lvlmserve.pruning.scoring.TokenOptions;
import dev.lvlmserve.pruning.scoring.TokenSelection;
import java.util.Arrays;
import java.util.List;

/**
 * Short-LVLM and the baselines of paper §3 and Table 2 (DESIGN §3), each a token selection for the cosine score (or
 * none), whether SCP follows by default, and which layers are candidates by default.
 */
public enum PruningMethod {
    /** TIS-kept tokens + SCP: the paper's method. */
    SHORT_LVLM("short-lvlm", TokenSelection.KEPT, true, false),
    /** TIS-kept tokens, plain removal (Table 2 "+TIS"). */
    TIS("tis", TokenSelection.KEPT, false, false),
    /** All-token cosine + SCP (Table 2 "+SCP"). */
    SCP("scp", TokenSelection.ALL, true, false),
    /** All vision-language tokens, ShortGPT-style cosine, plain removal (Table 2 baseline, Fig. 2 "VL"). */
    COSINE_ALL("cosine-all", TokenSelection.ALL, false, false),
    TEXT_ONLY("text-only", TokenSelection.TEXT, false, false),
    VISION_ONLY("vision-only", TokenSelection.VISUAL, false, false),
    /** ShortGPT's block influence (1 − cosine over all tokens) with every layer a candidate (DESIGN §4). */
    BLOCK_INFLUENCE("block-influence", TokenSelection.ALL, false, true),
    LAST_N("last-n", null, false, false),
    /** Seeded uniform draw among the candidates (the paper averages ten seeds, §3.4). */
    RANDOM("random", null, false, false),
    /** Every n-subset of the candidates, scored by the caller's evaluation: the upper bound (Fig. 2 "Enum"). */
    ENUMERATE("enumerate", null, false, false);

    private final String jsonName;
    private final TokenSelection selection;
    private final boolean compensates;
    private final boolean allLayersCandidates;

    PruningMethod(String jsonName, TokenSelection selection, boolean compensates, boolean allLayersCandidates) {
        this.jsonName = jsonName;
        this.selection = selection;
        this.compensates = compensates;
        this.allLayersCandidates = allLayersCandidates;
    }

    @JsonValue
    public String jsonName() {
        return jsonName;
    }

    /** Whether layers are ranked by a calibration cosine (else: last-n, random, enumerate). */
    public boolean scores() {
        return selection != null;
    }

    /** The token selection this method ranks by, with KEPT resolved by the token options; null if it does not. */
    public TokenSelection selection(TokenOptions tokens) {
        return selection == TokenSelection.KEPT ? tokens.keptSelection() : selection;
    }

    public boolean compensatesByDefault() {
        return compensates;
    }

    /** Candidates default to every layer (true) or to the deeper half (false, paper §5.1.2). */
    public boolean allLayersCandidates() {
        return allLayersCandidates;
    }

    public static List<String> names() {
        return Arrays.stream(values()).map(PruningMethod::jsonName).toList();
    }

    @JsonCreator
    public static PruningMethod parse(String name) {
        for (PruningMethod m : values()) {
            if (m.jsonName.equals(name)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown pruning method '" + name + "' (valid: "
                + String.join(", ", names()) + ")");
    }
}
