package dev.lvlmserve.recovery;

import java.util.Map;

/** Where a running recovery reports each step and each validation. Called on the training thread; must be quick. */
public interface RecoveryProgress {
    RecoveryProgress NONE = new RecoveryProgress() {};

    /**
     * @param step steps done
     * @param total steps planned (a time budget may end the run sooner; the ETA accounts for it)
     * @param loss this step's total loss
     * @param etaSeconds estimated seconds until the training loop ends
     * @param stepsPerSecond the rate so far
     */
    record Status(int step, int total, double loss, double etaSeconds, double stepsPerSecond) {}

    default void onStep(Status status) {}

    /** A validation on held-out data: loss parts, and {@code average} when the suites were scored. */
    default void onValidation(int step, Map<String, Double> values) {}
}
