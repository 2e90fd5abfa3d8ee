package dev.lvlmserve.serving.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lvlmserve.serving.variants.QualityGateResult;
import dev.lvlmserve.model.recipe.VariantRecipe;
import dev.lvlmserve.serving.variants.VariantEntry;
import tools.jackson.databind.json.JsonMapper;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What a crash leaves behind, and what the server makes of it on restart. */
class JobRecoveryTest {
    static JobView job(String id, JobState state, String stage, String variant, boolean activate) {
        return new JobView(id, state, stage, 40.0, 3.0, "base", "short-lvlm", 0.25, variant, activate, false,
                Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-01-01T00:00:01Z"), null, null, null, false,
                null);
    }

    static VariantEntry variant(String name, String jobId, QualityGateResult gate) {
        VariantRecipe recipe = VariantRecipe.empty(new VariantRecipe.Base("base", null, 4))
                .withRemovedLayers(List.of(3))
                .withReport(JsonMapper.builder().build().readTree("{\"method\":\"short-lvlm\"}"));
        return new VariantEntry(name, "base", recipe, 10L, 40L, 4L, Instant.parse("2026-01-01T00:00:05Z"), gate,
                jobId);
    }

    static JobRecovery.Variants registry(String defaultName, VariantEntry... entries) {
        return new JobRecovery.Variants(name -> List.of(entries).stream().filter(m -> m.name().equals(name))
                .findFirst(), defaultName);
    }

    @Test
    void aJobKilledBeforeItsVariantWasWrittenFailedInTheStageItWasIn() {
        JobRecovery.Result r = JobRecovery.recover(List.of(job("j1", JobState.RUNNING, "calibrate", "v1", true)),
                registry("base"));
        JobView v = r.jobs().getFirst();
        assertThat(v.state()).isEqualTo(JobState.FAILED);
        assertThat(v.stage()).isEqualTo("calibrate");
        assertThat(v.error()).contains("restart").contains("calibrate");
        assertThat(v.etaSeconds()).isNull();
        assertThat(v.finishedAt()).isNotNull();
        assertThat(r.toActivate()).isEmpty();
    }

    @Test
    void aJobKilledAfterItsVariantWasWrittenSucceededAndStillActivates() {
        JobRecovery.Result r = JobRecovery.recover(List.of(job("j2", JobState.RUNNING, "saving", "v2", true)),
                registry("base", variant("v2", "j2", new QualityGateResult(0.97, 0.9, 8, true))));
        JobView v = r.jobs().getFirst();
        assertThat(v.state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(v.percent()).isEqualTo(100.0);
        assertThat(v.recipe()).containsEntry("removed_layers", List.of(3));
        assertThat(v.recipe().get("report")).isInstanceOfSatisfying(java.util.Map.class,
                report -> assertThat(report.get("method")).isEqualTo("short-lvlm"));
        assertThat(v.gate().passed()).isTrue();
        assertThat(v.activated()).isFalse();
        assertThat(r.toActivate()).containsExactly("j2");
        assertThat(JobRecovery.activated(v).activated()).isTrue();
    }

    @Test
    void aVariantAlreadyActivatedOrWhoseGateFailedIsNotActivatedAgain() {
        JobRecovery.Result r = JobRecovery.recover(List.of(
                        job("j3", JobState.RUNNING, "activating", "v3", true),
                        job("j4", JobState.RUNNING, "saving", "v4", true)),
                registry("v3", variant("v3", "j3", null), variant("v4", "j4",
                        new QualityGateResult(0.5, 0.9, 8, false))));
        assertThat(r.jobs()).allMatch(v -> v.state() == JobState.SUCCEEDED);
        assertThat(r.jobs().get(0).activated()).isTrue();
        assertThat(r.jobs().get(1).activated()).isFalse();
        assertThat(r.toActivate()).isEmpty();
    }

    @Test
    void aVariantOfTheSameNameBuiltByAnotherJobIsNotThisJobsSuccess() {
        JobRecovery.Result r = JobRecovery.recover(List.of(job("j5", JobState.QUEUED, "queued", "v5", false)),
                registry("base", variant("v5", "someone-else", null)));
        assertThat(r.jobs().getFirst().state()).isEqualTo(JobState.FAILED);
    }

    @Test
    void finishedJobsAreLeftAsTheyWere() {
        JobView done = job("j6", JobState.CANCELLED, "cancelled", "v6", false);
        assertThat(JobRecovery.recover(List.of(done), registry("base", variant("v6", "j6", null))).jobs())
                .containsExactly(done);
    }
}
