package dev.lvlmserve.serving.jobs;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.Map;

/**
 * {@code POST /v1/variants}: prune a base model into a new variant. Everything but {@code ratio} has a default.
 *
 * @param base the base model (default: the current default variant's base)
 * @param ratio fraction of the decoder's layer parameters to remove — in [0, 0.5) for layer methods (round(ratio·L)
 *     layers), [0, 1) for width methods — removing something
 * @param method pruning method (default {@code lvlm.jobs.default-method}): a layer method ({@code short-lvlm},
 *     {@code block-influence}, …) or a width method ({@code width-taylor}, {@code width-activation},
 *     {@code width-random})
 * @param options method options, e.g. {@code {"layers": "3-12", "gqa": "heads"}} for width methods,
 *     {@code {"rank": 8, "delta_mode": "materialized"}} for Short-LVLM
 * @param name the new variant's name (default: generated from base, method and ratio)
 * @param activateOnSuccess make it the default when it is built and passes its quality gate
 * @param qualityGate compare against the base on a held-out slice first
 * @param seed seed for the method's random choices (default 0)
 * @param recovery recover the pruned variant before the gate: the recovery engine's options by their JSON names
 *     ({@code regime}, {@code loss}, {@code alpha}, {@code temperature}, {@code lora_rank}, {@code data_fraction},
 *     {@code steps}, {@code time_budget_seconds}, {@code seed}, …); absent: no recovery
 */
public record CreateVariantRequest(
        String base,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "0.25") Double ratio,
        String method,
        Map<String, Object> options,
        Calibration calibration,
        String name,
        @JsonProperty("activate_on_success") Boolean activateOnSuccess,
        @JsonProperty("quality_gate") QualityGate qualityGate,
        Long seed,
        // documented as the engine's options, so clients (and the console's form) see every field; bound as a map
        // so that RecoveryOptions alone validates it and names the field at fault
        @Schema(implementation = dev.lvlmserve.recovery.RecoveryOptions.class,
                example = "{\"regime\": \"lora\", \"loss\": \"ce+hidden\", \"data_fraction\": 0.05, \"steps\": 200}")
        Map<String, Object> recovery) {

    /** Calibration samples: {@code builtin} (default) or {@code jsonl} with a {@code path}. */
    public record Calibration(String source, String path, Integer size) {}

    /** @param minRetention refuse activation below this retention, in [0, 1] */
    public record QualityGate(@JsonProperty("min_retention") Double minRetention, Integer samples) {}
}
