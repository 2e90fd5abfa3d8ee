package dev.lvlmserve.pruning.plan;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.lvlmserve.pruning.scoring.TokenOptions;
import dev.lvlmserve.pruning.scoring.TokenSelection;
import java.util.Arrays;
import java.util.List;

/**
 * Every pruning method, in one place: Short-LVLM and the layer baselines of paper §3 / Table 2 (DESIGN §3), and the
 * widthwise methods of the structural-pruning study (DESIGN §4). Each says its family, how it scores, what it does by
 * default, and whether prune jobs may name it; {@link PruneRequest} validates a request for any of them, and the
 * engine turns each into its list of passes.
 */
public enum PruningMethod {
    /** TIS-kept tokens + SCP: the paper's method. */
    SHORT_LVLM("short-lvlm", Family.LAYER, TokenSelection.KEPT, true, false, null, true),
    /** TIS-kept tokens, plain removal (Table 2 "+TIS"). */
    TIS("tis", Family.LAYER, TokenSelection.KEPT, false, false, null, true),
    /** All-token cosine + SCP (Table 2 "+SCP"). */
    SCP("scp", Family.LAYER, TokenSelection.ALL, true, false, null, true),
    /** All vision-language tokens, ShortGPT-style cosine, plain removal (Table 2 baseline, Fig. 2 "VL"). */
    COSINE_ALL("cosine-all", Family.LAYER, TokenSelection.ALL, false, false, null, true),
    TEXT_ONLY("text-only", Family.LAYER, TokenSelection.TEXT, false, false, null, true),
    VISION_ONLY("vision-only", Family.LAYER, TokenSelection.VISUAL, false, false, null, true),
    /** ShortGPT's block influence (1 − cosine over all tokens) with every layer a candidate (DESIGN §4). */
    BLOCK_INFLUENCE("block-influence", Family.LAYER, TokenSelection.ALL, false, true, null, true),
    /** The deepest candidates, no calibration. */
    LAST_N("last-n", Family.LAYER, null, false, false, null, true),
    /** Seeded uniform draw among the candidates (the paper averages ten seeds, §3.4). */
    RANDOM("random", Family.LAYER, null, false, false, null, true),
    /**
     * Every n-subset of the candidates, scored by the caller's evaluation: the upper bound (Fig. 2 "Enum"). Offline
     * only (the {@code ablate} command): it evaluates every subset, a research tool, not an operator's.
     */
    ENUMERATE("enumerate", Family.LAYER, null, false, false, null, false),
    /** Heads and neurons by first-order Taylor importance |w·∂L/∂w| on answer tokens (the study's criterion). */
    WIDTH_TAYLOR("width-taylor", Family.WIDTH, null, false, true, Importance.TAYLOR, true),
    /** Heads and neurons by activation magnitude ‖X_c‖·Σ|W_{·c}| of the channel they feed (Wanda-style). */
    WIDTH_ACTIVATION("width-activation", Family.WIDTH, null, false, true, Importance.ACTIVATION, true),
    /** Seeded random heads and neurons: the floor. */
    WIDTH_RANDOM("width-random", Family.WIDTH, null, false, true, Importance.RANDOM, true);

    /** What a method removes: whole decoder layers, or heads and neurons inside them. */
    public enum Family {
        LAYER,
        WIDTH
    }

    /** How a width method ranks heads and neurons. */
    public enum Importance {
        TAYLOR,
        ACTIVATION,
        RANDOM
    }

    private final String jsonName;
    private final Family family;
    private final TokenSelection selection;
    private final boolean compensates;
    private final boolean allLayersCandidates;
    private final Importance importance;
    private final boolean servable;

    PruningMethod(String jsonName, Family family, TokenSelection selection, boolean compensates,
            boolean allLayersCandidates, Importance importance, boolean servable) {
        this.jsonName = jsonName;
        this.family = family;
        this.selection = selection;
        this.compensates = compensates;
        this.allLayersCandidates = allLayersCandidates;
        this.importance = importance;
        this.servable = servable;
    }

    @JsonValue
    public String jsonName() {
        return jsonName;
    }

    public Family family() {
        return family;
    }

    public boolean isWidth() {
        return family == Family.WIDTH;
    }

    /** Whether layers are ranked by a calibration cosine (else: last-n, random, enumerate, width methods). */
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

    /** A width method's importance; null for layer methods. */
    public Importance importance() {
        return importance;
    }

    /** Whether prune jobs (the server) offer it. */
    public boolean servable() {
        return servable;
    }

    public static List<String> names() {
        return Arrays.stream(values()).map(PruningMethod::jsonName).toList();
    }

    /** The methods prune jobs may name, in declaration order. */
    public static List<PruningMethod> served() {
        return Arrays.stream(values()).filter(PruningMethod::servable).toList();
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
