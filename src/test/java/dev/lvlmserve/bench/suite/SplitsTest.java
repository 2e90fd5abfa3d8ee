package dev.lvlmserve.bench.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Splits are deterministic, prefix-stable and disjoint. */
class SplitsTest {
    static List<BenchmarkSuite> suites() {
        return Suites.all();
    }

    @ParameterizedTest
    @MethodSource("suites")
    void trainAndTestShareNoSceneAndQuestion(BenchmarkSuite suite) {
        Set<String> train = new HashSet<>();
        for (Sample s : suite.samples(Split.TRAIN, 3000)) {
            assertEquals(Split.TRAIN, Split.of(s.scene()), s.id());
            train.add(s.scene() + "|" + s.question());
        }
        for (Split held : List.of(Split.VALIDATION, Split.TEST)) {
            for (Sample s : suite.samples(held, 1000)) {
                assertEquals(held, Split.of(s.scene()), s.id());
                assertTrue(!train.contains(s.scene() + "|" + s.question()), s.id() + " also in train");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("suites")
    void sampleIDependsOnlyOnSuiteSplitAndI(BenchmarkSuite suite) {
        List<Sample> few = suite.samples(Split.TEST, 20);
        List<Sample> many = Suites.byName(suite.name()).samples(Split.TEST, 60);
        assertEquals(few, many.subList(0, 20));
        assertEquals(many.get(37), suite.sample(Split.TEST, 37));
        assertEquals(suite.name() + "-test-00037", many.get(37).id());
        assertNotEquals(suite.sample(Split.TRAIN, 5), suite.sample(Split.TEST, 5));
    }

    @ParameterizedTest
    @MethodSource("suites")
    void samplesAreVaried(BenchmarkSuite suite) {
        List<Sample> samples = suite.samples(Split.TRAIN, 400);
        long distinct = samples.stream().map(s -> s.scene() + "|" + s.question()).distinct().count();
        assertTrue(distinct > 0.9 * samples.size() / (suite.name().equals("mmbench") ? 4 : 1), suite + ": " + distinct);
        if (samples.getFirst().isMultipleChoice()) {
            long letters = samples.stream().map(Sample::answer).distinct().count();
            assertTrue(letters >= 2, suite + " answers always " + samples.getFirst().answer());
        }
    }
}
