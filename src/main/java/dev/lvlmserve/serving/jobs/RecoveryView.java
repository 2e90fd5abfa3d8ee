package dev.lvlmserve.serving.jobs;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * A job's recover stage as the API shows it: what is trained, how far the training loop is, its latest loss and the
 * seconds it still needs (from its own step rate, not the job's), and the latest validation on held-out data.
 *
 * @param step optimizer steps done
 * @param total steps planned (a time budget may end the loop sooner; {@code eta_seconds} accounts for it)
 * @param validation held-out loss parts at the latest validation (and {@code average} when suites were scored)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RecoveryView(
        String regime,
        String loss,
        int step,
        int total,
        @JsonProperty("current_loss") Double currentLoss,
        @JsonProperty("eta_seconds") Double etaSeconds,
        @JsonProperty("steps_per_second") Double stepsPerSecond,
        Map<String, Double> validation) {}
