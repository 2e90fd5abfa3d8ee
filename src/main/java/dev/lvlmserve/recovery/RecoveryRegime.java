package dev.lvlmserve.recovery;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.List;

/**
 * What a recovery trains (the structural-pruning study's recovery settings). Whatever the regime, only tensors the
 * recovery creates receive gradients: copies of the projector or of the decoder layers, and LoRA adapters — never a
 * tensor the variant shares with its base.
 */
public enum RecoveryRegime {
    /** A copy of the multimodal projector only; the decoder stays as pruned. */
    PROJECTOR("projector"),
    /** LoRA adapters on the decoder's linear layers (the chosen targets) plus a copy of the projector. */
    LORA("lora"),
    /** Copies of every retained decoder layer and of the projector (small models: the variant owns them all). */
    FULL("full");

    private final String jsonName;

    RecoveryRegime(String jsonName) {
        this.jsonName = jsonName;
    }

    @JsonValue
    public String jsonName() {
        return jsonName;
    }

    public static List<String> names() {
        return Arrays.stream(values()).map(RecoveryRegime::jsonName).toList();
    }

    @JsonCreator
    public static RecoveryRegime parse(String name) {
        for (RecoveryRegime r : values()) {
            if (r.jsonName.equals(name)) {
                return r;
            }
        }
        throw new InvalidRecoveryRequest("regime", "unknown recovery regime '" + name + "' (valid: " + names() + ")");
    }
}
