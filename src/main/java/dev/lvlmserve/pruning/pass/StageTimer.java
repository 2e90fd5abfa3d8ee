package dev.lvlmserve.pruning.pass;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/** Wall time per named stage, in the order the stages ran (for the plan's {@code timings_ms}). */
public final class StageTimer {
    private final Map<String, Long> millis = new LinkedHashMap<>();

    public <T> T time(String stage, Supplier<T> work) {
        long start = System.nanoTime();
        try {
            return work.get();
        } finally {
            millis.merge(stage, (System.nanoTime() - start) / 1_000_000, Long::sum);
        }
    }

    public Map<String, Long> snapshot() {
        return new LinkedHashMap<>(millis);
    }
}
