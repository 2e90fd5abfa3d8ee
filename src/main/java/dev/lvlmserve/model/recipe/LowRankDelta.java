package dev.lvlmserve.model.recipe;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;

/**
 * ΔW = scale · B·A added to one base tensor, with A (rank, in) and B (out, rank) — PEFT's {@code lora_A} /
 * {@code lora_B} layout, so LoRA adapters (scale α/r) and SCP's subspace edit (scale 1; output side: B = V_k,
 * A = V_kᵀW; input side: B = W·V_k, A = V_kᵀ) are the same thing. The factors are the tensors
 * {@link #aKey()} and {@link #bKey()} of the recipe's {@link RecipeTensors}.
 *
 * @param id unique within the recipe (names the factor tensors)
 * @param target the canonical key of the base weight, e.g. {@code language_model.model.layers.11.mlp.down_proj.weight}
 * @param kind where the delta came from ({@code scp}, {@code lora}); informational
 */
public record LowRankDelta(
        @JsonProperty("id") String id,
        @JsonProperty("target") String target,
        @JsonProperty("rank") int rank,
        @JsonProperty("scale") double scale,
        @JsonProperty("kind") String kind) {
    public LowRankDelta {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(target, "target");
        if (rank < 1) {
            throw new IllegalArgumentException("delta " + id + ": rank must be ≥ 1, was " + rank);
        }
        if (!target.endsWith(".weight")) {
            throw new IllegalArgumentException("delta " + id + " targets '" + target + "', not a weight");
        }
    }

    public String aKey() {
        return "delta." + id + ".A";
    }

    public String bKey() {
        return "delta." + id + ".B";
    }

    /** The module the target belongs to ({@code target} without {@code .weight}). */
    public String module() {
        return target.substring(0, target.length() - ".weight".length());
    }
}
