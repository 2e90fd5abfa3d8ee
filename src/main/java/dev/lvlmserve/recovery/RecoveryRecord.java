package dev.lvlmserve.recovery;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.lvlmserve.model.config.Json;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * What a recovery did, as it joins the variant's report under {@code recovery}: every setting (regime, losses, α, T,
 * LoRA rank and α, fraction, seed, …), the data it drew, the steps it ran and why it stopped, the loss curve with
 * every part, the validation curve, and the wall time.
 *
 * @param stoppedBy {@code steps} (the planned steps ran) or {@code time_budget}
 * @param lossCurve mean loss and parts over each logging window, with the learning rate
 * @param validation held-out loss parts (and the VALIDATION suites' average, when scored) at each validation
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RecoveryRecord(
        @JsonUnwrapped RecoveryOptions options,
        @JsonProperty("data") RecoveryData.Description data,
        @JsonProperty("planned_steps") int plannedSteps,
        @JsonProperty("steps_run") int stepsRun,
        @JsonProperty("stopped_by") String stoppedBy,
        @JsonProperty("examples_seen") long examplesSeen,
        @JsonProperty("trainable_parameters") long trainableParameters,
        @JsonProperty("loss_curve") List<Map<String, Double>> lossCurve,
        @JsonProperty("validation") List<Map<String, Double>> validation,
        @JsonProperty("wall_seconds") double wallSeconds,
        @JsonProperty("seconds_per_step") double secondsPerStep) {

    public JsonNode toJsonNode() {
        return Json.MAPPER.valueToTree(this);
    }

    /** The last validation's value of {@code key}, or NaN. */
    public double lastValidation(String key) {
        return validation.isEmpty() ? Double.NaN : validation.getLast().getOrDefault(key, Double.NaN);
    }
}
