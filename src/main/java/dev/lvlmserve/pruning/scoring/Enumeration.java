package dev.lvlmserve.pruning.scoring;

import dev.lvlmserve.pruning.Cancellation;
import dev.lvlmserve.pruning.ProgressListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import java.util.function.ToDoubleFunction;

/**
 * Exhaustive search over every n-subset of the candidate layers (paper §3.3 "Enum", the performance upper bound):
 * each subset is scored by a caller-supplied evaluation (e.g. validation accuracy of the model without those
 * layers; higher is better). Refused when C(candidates, n) exceeds a cap.
 */
public final class Enumeration {
    private Enumeration() {}

    /** The best subset, its score and how many subsets were evaluated. */
    public record Result(List<Integer> removed, double score, long evaluated) {}

    /** C(c, n), or {@code Long.MAX_VALUE} past the range of a long. */
    public static long combinations(int c, int n) {
        if (n < 0 || n > c) {
            return 0;
        }
        long r = 1;
        for (int i = 0; i < Math.min(n, c - n); i++) {
            long next = r * (c - i);
            if (next / (c - i) != r) {
                return Long.MAX_VALUE;
            }
            r = next / (i + 1); // exact: the product of i+1 consecutive integers is divisible by (i+1)!
        }
        return r;
    }

    /**
     * Evaluates every subset in lexicographic order; on equal scores the first (lexicographically smallest) wins.
     */
    public static Result best(List<Integer> candidates, int n, long cap, ToDoubleFunction<Set<Integer>> evaluate,
            ProgressListener progress, BooleanSupplier cancelled) {
        BaselineSelectors.checkCount(candidates, n);
        List<Integer> sorted = candidates.stream().sorted().toList();
        long total = combinations(sorted.size(), n);
        if (total > cap) {
            throw new IllegalArgumentException("enumeration of C(" + sorted.size() + ", " + n + ") = "
                    + (total == Long.MAX_VALUE ? "too many" : total) + " layer subsets exceeds the cap of " + cap);
        }
        int[] index = new int[n];
        for (int i = 0; i < n; i++) {
            index[i] = i;
        }
        List<Integer> best = null;
        double bestScore = Double.NEGATIVE_INFINITY;
        long done = 0;
        while (true) {
            Cancellation.check(cancelled, "enumerate");
            List<Integer> subset = new ArrayList<>(n);
            for (int i : index) {
                subset.add(sorted.get(i));
            }
            double score = evaluate.applyAsDouble(new TreeSet<>(subset));
            if (best == null || score > bestScore) {
                best = List.copyOf(subset);
                bestScore = score;
            }
            progress.onProgress("enumerate", ++done, total);
            if (!advance(index, sorted.size())) {
                return new Result(best, bestScore, done);
            }
        }
    }

    /** The next combination in lexicographic order; false after the last. */
    private static boolean advance(int[] index, int c) {
        int n = index.length;
        int i = n - 1;
        while (i >= 0 && index[i] == c - n + i) {
            i--;
        }
        if (i < 0) {
            return false;
        }
        index[i]++;
        for (int j = i + 1; j < n; j++) {
            index[j] = index[j - 1] + 1;
        }
        return true;
    }
}
