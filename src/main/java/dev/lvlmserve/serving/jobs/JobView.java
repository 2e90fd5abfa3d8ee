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
 * @param recovery the recover stage's progress, when the request asked for a recovery
 * @param activated whether the variant became the default
 * @param replica the replica (or prune Job pod) that runs or ran the job; every replica shows every job, from the
 *     shared store, so this is where its log is
 * @param kubernetes the Kubernetes Job that runs the prune, when {@code lvlm.jobs.runner} is {@code kubernetes}
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
        RecoveryView recovery,
        boolean activated,
        String error,
        String replica,
        KubernetesJobState kubernetes) {

    /** A view without the runner's fields or a recover stage (crash recovery and tests build these). */
    public JobView(String id, JobState state, String stage, double percent, Double etaSeconds, String base,
            String method, double ratio, String variant, boolean activateOnSuccess, boolean cancelRequested,
            Instant createdAt, Instant startedAt, Instant finishedAt, Map<String, Object> recipe,
            QualityGateResult gate, boolean activated, String error) {
        this(id, state, stage, percent, etaSeconds, base, method, ratio, variant, activateOnSuccess, cancelRequested,
                createdAt, startedAt, finishedAt, recipe, gate, null, activated, error, null, null);
    }

    /** This view with the runner's fields of {@code from} (what recovery does not know). */
    JobView withRunner(JobView from) {
        return new JobView(id, state, stage, percent, etaSeconds, base, method, ratio, variant, activateOnSuccess,
                cancelRequested, createdAt, startedAt, finishedAt, recipe, gate, recovery, activated, error, from.replica,
                from.kubernetes);
    }

    /** This view with the Kubernetes Job's state as the API server reports it now. */
    JobView withKubernetes(KubernetesJobState k) {
        return new JobView(id, state, stage, percent, etaSeconds, base, method, ratio, variant, activateOnSuccess,
                cancelRequested, createdAt, startedAt, finishedAt, recipe, gate, recovery, activated, error, replica,
                k);
    }

    /** This view as a replica that does not run it shows a cancellation it has asked for. */
    JobView withCancelRequested() {
        return new JobView(id, state, stage, percent, etaSeconds, base, method, ratio, variant, activateOnSuccess,
                true, createdAt, startedAt, finishedAt, recipe, gate, recovery, activated, error, replica,
                kubernetes);
    }
}
