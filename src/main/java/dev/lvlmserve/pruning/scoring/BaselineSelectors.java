package dev.lvlmserve.pruning.scoring;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Score-free baselines of paper §3.3 / §3.4: the last n candidate layers, and n candidates drawn at random. */
public final class BaselineSelectors {
    private BaselineSelectors() {}

    /** The deepest {@code n} candidates, ascending. */
    public static List<Integer> lastN(List<Integer> candidates, int n) {
        checkCount(candidates, n);
        return candidates.stream().sorted().skip(candidates.size() - n).toList();
    }

    /**
     * {@code n} candidates drawn uniformly without replacement with a seeded generator (Fisher–Yates over a
     * {@link SplittableRandom}, independent of libtorch's RNG), ascending. The paper averages several seeds.
     */
    public static List<Integer> random(List<Integer> candidates, int n, long seed) {
        checkCount(candidates, n);
        List<Integer> pool = new ArrayList<>(candidates.stream().sorted().toList());
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = pool.size() - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            pool.set(j, pool.set(i, pool.get(j)));
        }
        return pool.subList(0, n).stream().sorted().toList();
    }

    static void checkCount(List<Integer> candidates, int n) {
        if (n < 0 || n > candidates.size()) {
            throw new IllegalArgumentException("cannot remove " + n + " of " + candidates.size() + " candidates");
        }
    }
}
