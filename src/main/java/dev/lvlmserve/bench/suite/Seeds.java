package dev.lvlmserve.bench.suite;

import java.nio.charset.StandardCharsets;

/**
 * Per-item seeds: a pure function of (suite, split, item index), so item i is the same however many are asked for
 * and no suite shares a random stream with another.
 */
final class Seeds {
    private Seeds() {}

    static long of(String suite, Split split, long item) {
        long h = 0xCBF29CE484222325L; // FNV-1a over the suite name: String.hashCode is only 32 bits
        for (byte b : suite.getBytes(StandardCharsets.UTF_8)) {
            h = (h ^ b) * 0x100000001B3L;
        }
        h = splitmix(h ^ split.ordinal());
        return splitmix(h + item * 0x9E3779B97F4A7C15L);
    }

    private static long splitmix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
