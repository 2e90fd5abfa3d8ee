package dev.lvlmserve.pruning.compensation;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.List;

/**
 * Which weights of the retained layer P = I + V_k V_kᵀ edits (DESIGN §3). Output-side targets multiply from the left
 * (W ← P·W, PyTorch (out, in) layout; the bias, if any, ← P·b), amplifying the layer's residual update along the gap
 * directions. The input side is paper Eq. 11 read literally, x(I + V_k V_kᵀ)W: W ← W·P for every projection that
 * reads the (normed) residual stream.
 */
public enum ScpTarget {
    MLP_DOWN_OUTPUT("mlp-down-output", true, List.of("mlp.down_proj")),
    ATTN_OUT_OUTPUT("attn-out-output", true, List.of("self_attn.o_proj")),
    INPUT_SIDE("input-side", false,
            List.of("self_attn.q_proj", "self_attn.k_proj", "self_attn.v_proj", "mlp.gate_proj", "mlp.up_proj"));

    private final String jsonName;
    private final boolean outputSide;
    private final List<String> modules;

    ScpTarget(String jsonName, boolean outputSide, List<String> modules) {
        this.jsonName = jsonName;
        this.outputSide = outputSide;
        this.modules = modules;
    }

    @JsonValue
    public String jsonName() {
        return jsonName;
    }

    /** True: W ← P·W (rows live in the residual stream); false: W ← W·P (columns do). */
    public boolean outputSide() {
        return outputSide;
    }

    /** The Linear modules edited, relative to {@code language_model.model.layers.<r>}. */
    public List<String> modules() {
        return modules;
    }

    @JsonCreator
    public static ScpTarget parse(String name) {
        for (ScpTarget t : values()) {
            if (t.jsonName.equals(name)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown SCP target '" + name + "' (valid: "
                + Arrays.stream(values()).map(ScpTarget::jsonName).toList() + ")");
    }
}
