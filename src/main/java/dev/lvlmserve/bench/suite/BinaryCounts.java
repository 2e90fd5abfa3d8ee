package dev.lvlmserve.bench.suite;

/**
 * A yes/no confusion matrix with "yes" as the positive class, as POPE reports it. Ratios of empty denominators are 0
 * rather than NaN so that a model that never says "yes" scores F1 = 0, not an error.
 */
public record BinaryCounts(int tp, int fp, int tn, int fn) {
    public static final BinaryCounts EMPTY = new BinaryCounts(0, 0, 0, 0);

    public BinaryCounts add(boolean gold, boolean predicted) {
        if (gold) {
            return predicted ? new BinaryCounts(tp + 1, fp, tn, fn) : new BinaryCounts(tp, fp, tn, fn + 1);
        }
        return predicted ? new BinaryCounts(tp, fp + 1, tn, fn) : new BinaryCounts(tp, fp, tn + 1, fn);
    }

    public BinaryCounts plus(BinaryCounts o) {
        return new BinaryCounts(tp + o.tp, fp + o.fp, tn + o.tn, fn + o.fn);
    }

    public int total() {
        return tp + fp + tn + fn;
    }

    public double accuracy() {
        return ratio(tp + tn, total());
    }

    public double precision() {
        return ratio(tp, tp + fp);
    }

    public double recall() {
        return ratio(tp, tp + fn);
    }

    public double f1() {
        double p = precision();
        double r = recall();
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }

    /** Share of "yes" predictions: POPE's bias indicator (0.5 on its balanced sets is unbiased). */
    public double yesRatio() {
        return ratio(tp + fp, total());
    }

    private static double ratio(int a, int b) {
        return b == 0 ? 0 : (double) a / b;
    }
}
