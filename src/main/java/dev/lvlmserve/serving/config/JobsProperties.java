package dev.lvlmserve.serving.config;

import java.nio.file.Path;

/**
 * Prune jobs.
 *
 * @param defaultMethod the pruning method when a request names none
 * @param defaultGateSamples quality-gate prompts when a request's gate names no {@code samples}
 * @param maxGateSamples the most gate prompts a request may ask for
 * @param keepFinished finished jobs remembered (and persisted) before the oldest are forgotten
 * @param calibrationDir the only directory a request's calibration file (and the images it names) may come from;
 *     default {@code <data-dir>/calibration}
 * @param runner where prunes run: {@code in-process} (default, on the replica that accepted the request) or
 *     {@code kubernetes} (a Kubernetes Job of the same image per prune, {@code kubernetes} below)
 * @param kubernetes the Kubernetes runner's settings
 * @param maxRecoverySeconds the longest training loop a request's {@code recovery} may ask for: its
 *     {@code time_budget_seconds} must not exceed it, and a request without one gets it as its budget (so no
 *     request can occupy the job thread without bound)
 */
public record JobsProperties(String defaultMethod, Integer defaultGateSamples, Integer maxGateSamples,
        Integer keepFinished, Path calibrationDir, String runner, KubernetesJobsProperties kubernetes,
        Integer maxRecoverySeconds) {

    public JobsProperties {
        defaultMethod = defaultMethod == null || defaultMethod.isBlank() ? "last-n" : defaultMethod;
        defaultGateSamples = defaultGateSamples == null ? 16 : defaultGateSamples;
        maxGateSamples = maxGateSamples == null ? 256 : maxGateSamples;
        keepFinished = keepFinished == null ? 100 : keepFinished;
        runner = runner == null || runner.isBlank() ? "in-process" : runner;
        if (!runner.equals("in-process") && !runner.equals("kubernetes")) {
            throw new IllegalArgumentException("lvlm.jobs.runner must be in-process or kubernetes, not " + runner);
        }
        kubernetes = kubernetes == null ? new KubernetesJobsProperties(null, null, null) : kubernetes;
        maxRecoverySeconds = maxRecoverySeconds == null ? 3600 : maxRecoverySeconds;
        if (maxRecoverySeconds < 1) {
            throw new IllegalArgumentException("lvlm.jobs.max-recovery-seconds must be at least 1");
        }
    }

    public static JobsProperties defaults() {
        return new JobsProperties(null, null, null, null, null, null, null, null);
    }

    /** These properties with {@code dir} as the calibration directory when none is configured. */
    JobsProperties withDefaultCalibrationDir(Path dir) {
        return calibrationDir != null ? this
                : new JobsProperties(defaultMethod, defaultGateSamples, maxGateSamples, keepFinished, dir, runner,
                        kubernetes, maxRecoverySeconds);
    }
}
