package dev.lvlmserve.eval.ablation;

/**
 * One variant's speed against the base, measured in the same run with a fixed number of generated tokens per sample.
 *
 * @param family {@code base}, {@code layer} or {@code width} (every method of a family removes the same shapes at a
 *     ratio, so one variant per family and ratio stands for all of them)
 * @param layers decoder layers the variant runs
 * @param parametersRemoved fraction of decoder-layer parameters removed
 * @param speedup samples/s over the base's
 * @param idealSpeedup FLOPs(base) / FLOPs(variant) for the probe's average sample
 * @param ownedBytes bytes the variant holds beyond the base's shared tensors
 */
public record SpeedRow(String family, String method, double ratio, int layers, double parametersRemoved,
        double samplesPerSecond, double speedup, double idealSpeedup, long ownedBytes) {
    public double ofIdeal() {
        return (speedup - 1) <= 0 && (idealSpeedup - 1) <= 0 ? 1 : speedup / idealSpeedup;
    }
}
