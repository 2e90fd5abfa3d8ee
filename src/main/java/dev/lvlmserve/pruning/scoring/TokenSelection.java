package dev.lvlmserve.pruning.scoring;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;

/**
 * The token set a layer's input/output cosine is averaged over: the paper's §3.3 alternatives (all VL tokens, text
 * only, visual only) and its TIS-kept tokens (§4.1), jointly or per modality.
 */
public enum TokenSelection {
    ALL("all"),
    VISUAL("visual"),
    TEXT("text"),
    KEPT("kept"),
    KEPT_PER_MODALITY("kept-per-modality");

    private final String jsonName;

    TokenSelection(String jsonName) {
        this.jsonName = jsonName;
    }

    @JsonValue
    public String jsonName() {
        return jsonName;
    }

    @JsonCreator
    public static TokenSelection parse(String name) {
        for (TokenSelection s : values()) {
            if (s.jsonName.equals(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown token selection '" + name + "' (valid: "
                + Arrays.stream(values()).map(TokenSelection::jsonName).toList() + ")");
    }
}
