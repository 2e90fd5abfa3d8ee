package dev.lvlmserve.eval.ablation;

/**
 * One way of applying Short-LVLM's SCP deltas, measured on the same variant: samples/s (fixed generated tokens),
 * the bytes the variant owns and their share of the base's, and the largest logit difference to the materialized
 * twin on the speed probe's first prompt.
 */
public record DeltaRow(String mode, double ratio, double samplesPerSecond, long ownedBytes, double ownedPercentOfBase,
        double maxLogitDifference) {}
