package dev.lvlmserve.eval.ablation;

import java.util.List;

/**
 * What one ablation run covers.
 *
 * @param testLimit samples per suite for every reported accuracy (TEST split)
 * @param enumerationLimit samples per suite for enumeration's scoring of each layer subset (VALIDATION split, so
 *     the upper bound is not tuned on the test data)
 * @param randomSeeds seeds of the random baselines (mean and spread reported)
 * @param taylorCalibrationSize samples width-taylor takes its gradients from (a small set, as the study's 10: a
 *     backward pass per sample)
 * @param speedNewTokens tokens every sample generates in the speed probe, whatever its answer (no stop token), so a
 *     variant whose answers end sooner is not counted as faster
 * @param describeScenes TEST scenes for the supplementary scene-description F1 (0 = skip)
 * @param enumerationMetric what enumeration maximises on VALIDATION data: {@code benchmark} (the suites' average) or
 *     {@code describe} (scene-description F1 — the informative one while a model is near chance on the suites)
 */
public record AblationConfig(
        List<Double> ratios,
        List<String> methods,
        int calibrationSize,
        int taylorCalibrationSize,
        int testLimit,
        int enumerationLimit,
        int randomSeeds,
        int batchSize,
        int speedSamples,
        int timingCalibrationSize,
        int speedNewTokens,
        int describeScenes,
        String enumerationMetric) {

    public static AblationConfig standard() {
        return new AblationConfig(List.of(0.1, 0.2, 0.3, 0.4),
                List.of("short-lvlm", "tis", "scp", "cosine-all", "text-only", "vision-only", "block-influence",
                        "last-n", "random", "enumerate", "width-taylor", "width-activation", "width-random"),
                128, 32, 60, 8, 3, 16, 128, 1000, 4, 60, "benchmark");
    }
}
