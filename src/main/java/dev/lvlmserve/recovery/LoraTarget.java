package dev.lvlmserve.recovery;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.List;

/** The decoder linears LoRA may adapt, by their Hugging Face names (PEFT's {@code target_modules}). */
public enum LoraTarget {
    Q_PROJ("q_proj", "self_attn.q_proj"),
    K_PROJ("k_proj", "self_attn.k_proj"),
    V_PROJ("v_proj", "self_attn.v_proj"),
    O_PROJ("o_proj", "self_attn.o_proj"),
    GATE_PROJ("gate_proj", "mlp.gate_proj"),
    UP_PROJ("up_proj", "mlp.up_proj"),
    DOWN_PROJ("down_proj", "mlp.down_proj");

    private final String jsonName;
    private final String path;

    LoraTarget(String jsonName, String path) {
        this.jsonName = jsonName;
        this.path = path;
    }

    @JsonValue
    public String jsonName() {
        return jsonName;
    }

    /** The module's path inside a decoder layer, e.g. {@code self_attn.q_proj}. */
    public String path() {
        return path;
    }

    /** Every decoder linear: the study adapts all of them. */
    public static List<LoraTarget> all() {
        return List.of(values());
    }

    @JsonCreator
    public static LoraTarget parse(String name) {
        for (LoraTarget t : values()) {
            if (t.jsonName.equals(name)) {
                return t;
            }
        }
        throw new InvalidRecoveryRequest("lora_targets", "unknown LoRA target '" + name + "' (valid: "
                + Arrays.stream(values()).map(LoraTarget::jsonName).toList() + ")");
    }
}
