package dev.lvlmserve.serving.jobs;

import dev.lvlmserve.serving.variants.VariantEntry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Makes persisted jobs coherent after a crash (kill -9 included). A job that was queued or running either left its
 * variant fully written (variants are renamed into place atomically, and the variant names the job that built it)
 * and so has in fact succeeded, its {@code activate_on_success} still to apply; or it left nothing, and it failed
 * in the stage it had reached (the job is persisted at every stage). Never "failed" beside a listed variant.
 */
final class JobRecovery {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** What the registry knows, as functions, so recovery can be tested without loading models. */
    record Variants(Function<String, Optional<VariantEntry>> find, String defaultName) {}

    /**
     * @param jobs every job, coherent
     * @param toActivate ids of recovered jobs whose variant is still to be activated (once the models are loaded)
     */
    record Result(List<JobView> jobs, List<String> toActivate) {}

    private JobRecovery() {}

    static Result recover(List<JobView> persisted, Variants variants) {
        List<JobView> jobs = new ArrayList<>();
        List<String> toActivate = new ArrayList<>();
        for (JobView v : persisted) {
            if (v.state().isTerminal()) {
                jobs.add(v);
                continue;
            }
            Optional<VariantEntry> built = v.variant() == null ? Optional.empty()
                    : variants.find().apply(v.variant()).filter(m -> v.id().equals(m.jobId()));
            if (built.isEmpty()) {
                jobs.add(withState(v, JobState.FAILED, v.stage(), v.percent(), null, null, false,
                        "Interrupted by a server restart in its '" + v.stage() + "' stage."));
                continue;
            }
            VariantEntry m = built.get();
            boolean wanted = v.activateOnSuccess() && (m.gate() == null || m.gate().passed());
            boolean active = m.name().equals(variants.defaultName());
            Map<String, Object> recipe = JSON.readValue(m.recipe().toJson(),
                    new TypeReference<Map<String, Object>>() {});
            jobs.add(withState(v, JobState.SUCCEEDED, "done", 100.0, recipe, m, active, null));
            if (wanted && !active) {
                toActivate.add(v.id());
            }
        }
        return new Result(jobs, toActivate);
    }

    /** {@code v} with its variant now the default. */
    static JobView activated(JobView v) {
        return new JobView(v.id(), v.state(), v.stage(), v.percent(), null, v.base(), v.method(), v.ratio(),
                v.variant(), v.activateOnSuccess(), v.cancelRequested(), v.createdAt(), v.startedAt(), v.finishedAt(),
                v.recipe(), v.gate(), v.recovery(), true, v.error(), null, null);
    }

    private static JobView withState(JobView v, JobState state, String stage, double percent,
            Map<String, Object> recipe, VariantEntry m, boolean activated, String error) {
        return new JobView(v.id(), state, stage, percent, null, v.base(), v.method(), v.ratio(), v.variant(),
                v.activateOnSuccess(), v.cancelRequested(), v.createdAt(), v.startedAt(), Instant.now(),
                recipe != null ? recipe : v.recipe(), m != null ? m.gate() : v.gate(), v.recovery(), activated,
                error, null, null);
    }
}
