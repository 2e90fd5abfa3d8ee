package dev.lvlmserve.bench.suite;

import java.util.List;
import java.util.stream.Collectors;

/** The registry of synthetic suites, in the column order of the Short-LVLM paper's tables plus VQA. */
public final class Suites {
    /** The metadata key under which POPE-style samples name the object they probe. */
    public static final String POPE_OBJECT = PopeSuite.OBJECT;

    private static final List<BenchmarkSuite> ALL = List.of(
            new AokvqaSuite(),
            new ScienceQaSuite(),
            new MmeSuite(),
            new PopeSuite(),
            new MmbenchSuite(),
            new SeedSuite(),
            new VqaSuite());

    private Suites() {}

    /** Every suite; they are stateless, so the same instances are shared. */
    public static List<BenchmarkSuite> all() {
        return ALL;
    }

    /** The suite called {@code name} (case-insensitive). */
    public static BenchmarkSuite byName(String name) {
        return ALL.stream()
                .filter(s -> s.name().equalsIgnoreCase(name.strip()))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown suite '" + name + "'; valid: "
                        + ALL.stream().map(BenchmarkSuite::name).collect(Collectors.joining(", "))));
    }
}
