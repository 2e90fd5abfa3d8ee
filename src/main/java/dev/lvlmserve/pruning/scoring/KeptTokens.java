package dev.lvlmserve.pruning.scoring;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * The Top-p step of paper §4.1: keep the p most important tokens of a sample <em>by count</em> (DESIGN §3), at least
 * one token per non-empty group. Ties go to the earlier position, so the result is deterministic.
 */
public final class KeptTokens {
    private KeptTokens() {}

    /** How many of {@code count} tokens a fraction {@code p} keeps: round(p·count), at least 1 when count > 0. */
    public static int keepCount(int count, double p) {
        return count == 0 ? 0 : (int) Math.max(1, Math.min(count, Math.round(p * count)));
    }

    /** Kept positions, ascending, for the selection {@code options} asks for. */
    public static int[] select(double[] tis, TokenLayout layout, TokenOptions options) {
        return options.perModality()
                ? perModality(tis, layout, options.keepFraction())
                : top(tis, layout.all(), options.keepFraction());
    }

    /** The top p of the visual tokens and, separately, the top p of the text tokens. */
    public static int[] perModality(double[] tis, TokenLayout layout, double p) {
        int[] v = top(tis, layout.visual(), p);
        int[] q = top(tis, layout.text(), p);
        int[] both = IntStream.concat(Arrays.stream(v), Arrays.stream(q)).toArray();
        Arrays.sort(both);
        return both;
    }

    /** The top p of {@code among} by score, ascending positions. */
    public static int[] top(double[] tis, int[] among, double p) {
        int k = keepCount(among.length, p);
        int[] kept = Arrays.stream(among).boxed()
                .sorted(Comparator.<Integer>comparingDouble(i -> tis[i]).reversed().thenComparingInt(i -> i))
                .limit(k)
                .mapToInt(Integer::intValue)
                .toArray();
        Arrays.sort(kept);
        return kept;
    }
}
