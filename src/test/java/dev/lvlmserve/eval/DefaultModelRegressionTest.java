package dev.lvlmserve.eval;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lvlmserve.DefaultModel;
import dev.lvlmserve.bench.suite.BenchmarkSuite;
import dev.lvlmserve.bench.suite.Split;
import dev.lvlmserve.bench.suite.Suites;
import dev.lvlmserve.model.llava.LlavaPipeline;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A regression guard on the committed default model: on a small fixed TEST slice it must still reach the average it
 * reached when it was committed, less a margin for the slice's noise. Greedy decoding on CPU is deterministic, so a
 * drop means the model, the runtime or the benchmark changed. Not a timing.
 */
class DefaultModelRegressionTest {
    /** Measured at commit time on this slice (README: the same command with --limit 24). */
    static final double MEASURED_AVERAGE = 57.4;
    static final double MARGIN = 5.0;
    static final int PER_SUITE = 24;

    @Test
    void theCommittedModelKeepsItsAccuracyOnAFixedTestSlice() {
        Path dir = Path.of("models", DefaultModel.NAME);
        assertTrue(Files.isRegularFile(dir.resolve("config.json")), "the default model is committed at " + dir);
        List<SuiteResult> results = new ArrayList<>();
        try (LlavaPipeline p = LlavaPipeline.load(dir, null)) {
            SuiteEvaluator evaluator = new SuiteEvaluator(16);
            for (BenchmarkSuite s : Suites.all()) {
                results.add(evaluator.evaluate(p, s, Split.TEST, PER_SUITE, n -> {}));
            }
        }
        double avg = SuiteEvaluator.average(results);
        assertTrue(avg >= MEASURED_AVERAGE - MARGIN, "average " + avg + " fell below " + MEASURED_AVERAGE
                + " - " + MARGIN + ": " + EvalReport.markdown(results));
    }
}
