package dev.lvlmserve.serving.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.stereotype.Component;

/**
 * Prune-job metrics (vLLM has none): {@code lvlm_prune_job_duration_seconds} and {@code lvlm_prune_jobs_total}
 * tagged model, method, outcome (succeeded / failed / gate_failed / cancelled); {@code lvlm_prune_job_stage_duration_seconds}
 * tagged stage; {@code lvlm_prune_job_progress} (0–1 of the running job, 0 when idle) and
 * {@code lvlm_prune_job_running} tagged stage (1 for the running job's current stage). A job's recover stage adds
 * {@code lvlm_recovery_steps_total} and {@code lvlm_recoveries_total} / {@code lvlm_recovery_duration_seconds}
 * tagged regime (and outcome), and the running recovery's {@code lvlm_recovery_loss} and
 * {@code lvlm_recovery_steps_per_second} (0 when none runs).
 */
@Component
public class JobMetrics {
    private final MeterRegistry registry;
    private final AtomicReference<Double> progress = new AtomicReference<>(0.0);
    private final AtomicReference<String> stage = new AtomicReference<>("idle");
    private final Set<String> stages = ConcurrentHashMap.newKeySet();
    private final AtomicReference<Double> recoveryLoss = new AtomicReference<>(0.0);
    private final AtomicReference<Double> recoveryRate = new AtomicReference<>(0.0);

    public JobMetrics(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder("lvlm.prune.job.progress", () -> progress.get())
                .description("Progress of the running prune job, 0 to 1 (0 when idle)").register(registry);
        Gauge.builder("lvlm.recovery.loss", () -> recoveryLoss.get())
                .description("Training loss of the running recovery's latest step (0 when none runs)").register(registry);
        Gauge.builder("lvlm.recovery.steps.per.second", () -> recoveryRate.get())
                .description("Step rate of the running recovery (0 when none runs)").register(registry);
    }

    /** One optimizer step of a job's recovery. */
    public void recoveryStep(String regime, double loss, double stepsPerSecond) {
        Counter.builder("lvlm.recovery.steps").description("Recovery optimizer steps").tag("regime", regime)
                .register(registry).increment();
        recoveryLoss.set(Double.isFinite(loss) ? loss : 0.0);
        recoveryRate.set(Double.isFinite(stepsPerSecond) ? stepsPerSecond : 0.0);
    }

    public void recoveryFinished(String regime, String outcome, Duration took) {
        Timer.builder("lvlm.recovery.duration").description("Recover stage duration, by outcome")
                .tags("regime", regime, "outcome", outcome).register(registry).record(took);
        Counter.builder("lvlm.recoveries").description("Recoveries finished, by outcome")
                .tags("regime", regime, "outcome", outcome).register(registry).increment();
        recoveryLoss.set(0.0);
        recoveryRate.set(0.0);
    }

    public void progress(double fraction) {
        progress.set(fraction);
    }

    public void stageStarted(String name) {
        stage.set(name);
        if (stages.add(name)) { // one gauge per stage name, reading the current stage
            Gauge.builder("lvlm.prune.job.running", () -> name.equals(stage.get()) ? 1 : 0).tag("stage", name)
                    .description("1 for the stage the running prune job is in").register(registry);
        }
    }

    public void stageFinished(String name, Duration took) {
        Timer.builder("lvlm.prune.job.stage.duration").description("Time prune jobs spent in each stage")
                .tag("stage", name).register(registry).record(took);
    }

    public void finished(String model, String method, String outcome, Duration took) {
        Timer.builder("lvlm.prune.job.duration").description("Prune job duration, by outcome")
                .tags("model", model, "method", method, "outcome", outcome).register(registry).record(took);
        Counter.builder("lvlm.prune.jobs").description("Prune jobs finished, by outcome")
                .tags("model", model, "method", method, "outcome", outcome).register(registry).increment();
        progress.set(0.0);
        stage.set("idle");
    }
}
