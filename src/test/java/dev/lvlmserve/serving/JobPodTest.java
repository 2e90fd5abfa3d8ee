package dev.lvlmserve.serving;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class JobPodTest {
    @Test
    void aForcedKeyGivenByTheCallerIsReplacedNotRepeated() {
        List<String> args = JobPod.withForced(List.of("--lvlm.data-dir=/data", "--lvlm.engine.warmup=true",
                "--lvlm.jobs.runner=kubernetes", "--lvlm.models.fixture=/m"));
        assertThat(args).containsExactlyInAnyOrder("--lvlm.data-dir=/data", "--lvlm.models.fixture=/m",
                "--lvlm.engine.warmup=false", "--lvlm.jobs.runner=in-process");
    }

    @Test
    void otherKeysThatMerelyStartLikeAForcedOneAreKept() {
        assertThat(JobPod.withForced(List.of("--lvlm.jobs.runner-extra=x")))
                .contains("--lvlm.jobs.runner-extra=x", "--lvlm.jobs.runner=in-process");
    }
}
