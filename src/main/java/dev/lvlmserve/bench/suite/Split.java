package dev.lvlmserve.bench.suite;

import dev.lvlmserve.bench.scene.Scene;

/**
 * Dataset splits. A scene belongs to exactly one split, decided by its content fingerprint (16/20 train, 2/20
 * validation, 2/20 test), and a split's samples only use its own scenes. Disjoint seeds alone would not be enough:
 * with 1–6 objects on nine cells, one-object scenes repeat within a few thousand draws.
 */
public enum Split {
    TRAIN(16, 20_000),
    VALIDATION(2, 500),
    TEST(2, 1_000);

    private static final int BUCKETS = 20;

    private final int buckets;
    private final int defaultCount;

    Split(int buckets, int defaultCount) {
        this.buckets = buckets;
        this.defaultCount = defaultCount;
    }

    /** The split that owns this scene. */
    public static Split of(Scene scene) {
        long bucket = Long.remainderUnsigned(scene.fingerprint(), BUCKETS);
        for (Split split : values()) {
            if (bucket < split.buckets) {
                return split;
            }
            bucket -= split.buckets;
        }
        throw new AssertionError("bucket weights must sum to " + BUCKETS);
    }

    /** Samples per suite when the caller does not say; any count works, sample i never depends on it. */
    public int defaultCount() {
        return defaultCount;
    }

    /** Lower-case name used in sample ids and file names, e.g. {@code "test"}. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
