package dev.lvlmserve.serving.jobs;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.lvlmserve.serving.variants.QualityGateResult;
import java.time.Instant;
import java.util.Map;

/**
 * A prune job as the API shows it (and as it is persisted when finished).
 *
 * @param percent overall progress, 0–100
 * @param etaSeconds estimated seconds left while running (from the progress rate so far), else absent
 * @param recipe the variant's recipe (its report inside) once built
 * @param gate the quality gate's result, when one was asked for
 * @param activated whether the variant became the default
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobView(
        String id,
        JobState state,
        String stage,
        double percent,
        @JsonProperty("eta_seconds") Double etaSeconds,
        String base,
        String method,
        double ratio,
        String variant,
        @JsonProperty("activate_on_success") boolean activateOnSuccess,
        @JsonProperty("cancel_requested") boolean cancelRequested,
        @JsonProperty("created_at") Instant createdAt,
        @JsonProperty("started_at") Instant startedAt,
        @JsonProperty("finished_at") Instant finishedAt,
        Map<String, Object> recipe,
        QualityGateResult gate,
        boolean activated,
        String error) {}
