package dev.lvlmserve.recovery;

import dev.lvlmserve.train.TrainingExample;
import java.util.List;

/**
 * The data a recovery trains on: a fraction of a training set drawn with a recorded seed, addressable by index so
 * the same seed always gives the same examples (and a smaller fraction is a prefix of a larger one), plus held-out
 * examples for the validation loss that are never part of the fraction.
 */
public interface RecoveryData {
    /** Examples in the drawn fraction (≥ 1). */
    int size();

    /** Example {@code i} of the fraction, 0 ≤ i < {@link #size()}. */
    TrainingExample example(int i);

    /** Up to {@code n} held-out examples, outside the fraction (VALIDATION-split ones for the built-in data). */
    List<TrainingExample> heldOut(int n);

    /** Whether the built-in benchmark's VALIDATION suites can score a model trained on this data. */
    boolean scoresBuiltinSuites();

    /** What the recovery record says about the data. */
    Description describe();

    /**
     * @param source {@code builtin} or {@code jsonl}
     * @param denominator what the fraction is a fraction of (examples the base was trained on, or the file's lines)
     * @param denominatorSource where that number comes from
     * @param examples examples in the fraction
     */
    record Description(String source, double fraction, long denominator, String denominatorSource, int examples,
            long seed) {}

    /** The number of examples a fraction selects; refuses a fraction that selects none. */
    static int count(double fraction, long denominator, String what) {
        long n = Math.round(fraction * denominator);
        if (n < 1) {
            throw new InvalidRecoveryRequest("data_fraction", "data_fraction " + fraction + " of " + denominator + " "
                    + what + " selects no example");
        }
        if (n > Integer.MAX_VALUE) {
            throw new InvalidRecoveryRequest("data_fraction", "data_fraction selects more than 2^31 examples");
        }
        return (int) n;
    }
}
