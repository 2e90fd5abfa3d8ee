package dev.lvlmserve.bench.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The metrics on hand-worked examples. */
class MetricsTest {
    private static final double EPS = 1e-9;

    @Test
    void binaryCountsGivePrecisionRecallF1() {
        var c = new BinaryCounts(3, 1, 4, 2);
        assertEquals(0.75, c.precision(), EPS);
        assertEquals(0.6, c.recall(), EPS);
        assertEquals(2 * 0.75 * 0.6 / 1.35, c.f1(), EPS);
        assertEquals(0.6667, c.f1(), 1e-4);
        assertEquals(0.7, c.accuracy(), EPS);
        assertEquals(0.4, c.yesRatio(), EPS);
        assertEquals(0, BinaryCounts.EMPTY.f1(), EPS);
    }

    @Test
    void popeScoreIsF1OfYes() {
        // 5 positives, 5 negatives; the model says yes to 3 positives and 1 negative: TP 3, FN 2, FP 1, TN 4.
        List<Sample> samples = new ArrayList<>();
        List<String> predictions = new ArrayList<>();
        BenchmarkSuite pope = Suites.byName("pope");
        int yes = 0;
        int no = 0;
        for (int i = 0; yes < 5 || no < 5; i++) {
            Sample s = pope.sample(Split.TEST, i);
            boolean positive = s.answer().equals("yes");
            if (positive && yes < 5) {
                predictions.add(yes++ < 3 ? "Yes, there is." : "No");
                samples.add(s);
            } else if (!positive && no < 5) {
                predictions.add(no++ < 1 ? "yes" : "no.");
                samples.add(s);
            }
        }
        SuiteScore score = pope.score(samples, predictions);
        assertEquals("f1", score.metricName());
        assertEquals(100 * 0.6 * 0.75 * 2 / 1.35, score.metric(), EPS);
        assertEquals(75, score.details().get("precision"), EPS);
        assertEquals(60, score.details().get("recall"), EPS);
        assertEquals(70, score.details().get("accuracy"), EPS);
        assertEquals(40, score.details().get("yes_ratio"), EPS);
    }

    @Test
    void mmeAccPlusNeedsBothQuestionsOfAPair() {
        BenchmarkSuite mme = Suites.byName("mme");
        List<Sample> samples = mme.samples(Split.TEST, 4); // pair 0: existence, pair 1: count
        List<String> predictions = new ArrayList<>(samples.stream().map(Sample::answer).toList());
        predictions.set(3, samples.get(3).answer().equals("yes") ? "no" : "yes");
        SuiteScore score = mme.score(samples, predictions);
        assertEquals(75, score.details().get("acc"), EPS);
        assertEquals(50, score.details().get("acc_plus"), EPS);
        assertEquals(200, score.details().get("existence.score"), EPS);
        assertEquals(50 + 0, score.details().get("count.score"), EPS);
        assertEquals(250, score.details().get("total_score"), EPS);
        assertEquals(250 / 4.0, score.metric(), EPS);
    }

    @Test
    void circularEvalFailsAQuestionWithOneWrongRotation() {
        BenchmarkSuite mmbench = Suites.byName("mmbench");
        List<Sample> samples = mmbench.samples(Split.TEST, 8); // two questions × four rotations
        List<String> predictions = new ArrayList<>(samples.stream().map(Sample::answer).toList());
        predictions.set(6, samples.get(6).answer().equals("A") ? "B" : "A");
        SuiteScore score = mmbench.score(samples, predictions);
        assertEquals("circular_accuracy", score.metricName());
        assertEquals(50, score.metric(), EPS);
        assertEquals(87.5, score.details().get("accuracy"), EPS);
    }

    @Test
    void vqaScoresNormalisedExactMatch() {
        BenchmarkSuite vqa = Suites.byName("vqa");
        List<Sample> samples = vqa.samples(Split.TEST, 6);
        List<String> predictions = new ArrayList<>();
        for (Sample s : samples) {
            predictions.add("The " + s.answer().toUpperCase() + ".");
        }
        predictions.set(0, "many");
        SuiteScore score = vqa.score(samples, predictions);
        assertEquals("exact_match", score.metricName());
        assertEquals(100 * 5 / 6.0, score.metric(), EPS);
        assertEquals("2", AnswerParser.normalise("Two."));
        assertEquals("red", AnswerParser.normalise("the red"));
    }

    @Test
    void multipleChoiceAccuracyIsBrokenDownByDimension() {
        BenchmarkSuite seed = Suites.byName("seed");
        List<Sample> samples = seed.samples(Split.TEST, 12); // two of each of six dimensions
        List<String> predictions = new ArrayList<>(samples.stream().map(s -> "(" + s.answer() + ")").toList());
        predictions.set(0, "none of them");
        SuiteScore score = seed.score(samples, predictions);
        assertEquals(100 * 11 / 12.0, score.metric(), EPS);
        assertEquals(50, score.details().get("accuracy.colour"), EPS);
        assertEquals(100, score.details().get("accuracy.shape"), EPS);
    }
}
