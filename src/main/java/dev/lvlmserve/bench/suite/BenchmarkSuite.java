package dev.lvlmserve.bench.suite;

import java.util.ArrayList;
import java.util.List;

/** A synthetic benchmark that mirrors one public benchmark's question format and metric. */
public interface BenchmarkSuite {
    /** Short lower-case name, e.g. {@code "pope"}. */
    String name();

    /** Sample {@code index} of {@code split}; a pure function of (suite, split, index). */
    Sample sample(Split split, int index);

    /** Scores predictions (raw generated text, parsed leniently) against the samples, index by index. */
    SuiteScore score(List<Sample> samples, List<String> predictions);

    /** The first {@code count} samples of a split; a prefix of any longer request. */
    default List<Sample> samples(Split split, int count) {
        if (count < 0) {
            throw new IllegalArgumentException("count must be >= 0, got " + count);
        }
        List<Sample> samples = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            samples.add(sample(split, i));
        }
        return samples;
    }

    /** The split's {@link Split#defaultCount() default} number of samples. */
    default List<Sample> samples(Split split) {
        return samples(split, split.defaultCount());
    }
}
