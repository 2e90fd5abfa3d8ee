package dev.lvlmserve.bench.suite;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Shared scoring: per-sample correctness and accuracy broken down by a metadata key. */
final class Scoring {
    private Scoring() {}

    static void checkAligned(List<Sample> samples, List<String> predictions) {
        if (samples.size() != predictions.size()) {
            throw new IllegalArgumentException(
                    samples.size() + " samples but " + predictions.size() + " predictions");
        }
    }

    /**
     * Whether a prediction answers a sample: option letter for multiple choice, first-word yes/no for yes/no
     * questions, VQA-normalised exact match otherwise. Unparseable text is simply wrong.
     */
    static boolean correct(Sample sample, String prediction) {
        if (sample.isMultipleChoice()) {
            return AnswerParser.optionLetter(prediction, sample.options()).equals(Optional.of(sample.answer()));
        }
        if (sample.answer().equals("yes") || sample.answer().equals("no")) {
            return AnswerParser.yesNo(prediction).equals(Optional.of(sample.answer().equals("yes")));
        }
        return AnswerParser.normalise(prediction).equals(AnswerParser.normalise(sample.answer()));
    }

    /** Headline accuracy in percent, with {@code accuracy.<value>} details for each value of {@code key}. */
    static SuiteScore accuracyBy(String suite, List<Sample> samples, List<String> predictions, String key) {
        checkAligned(samples, predictions);
        Map<String, int[]> byValue = new TreeMap<>(); // value → {right, total}
        int right = 0;
        for (int i = 0; i < samples.size(); i++) {
            boolean ok = correct(samples.get(i), predictions.get(i));
            right += ok ? 1 : 0;
            int[] cell = byValue.computeIfAbsent(samples.get(i).metadata().getOrDefault(key, "?"), k -> new int[2]);
            cell[0] += ok ? 1 : 0;
            cell[1]++;
        }
        Map<String, Double> details = new HashMap<>();
        byValue.forEach((value, cell) -> details.put("accuracy." + value, percent(cell[0], cell[1])));
        double accuracy = percent(right, samples.size());
        details.put("accuracy", accuracy);
        return new SuiteScore(suite, "accuracy", accuracy, details, samples.size());
    }

    static double percent(int part, int whole) {
        return whole == 0 ? 0 : 100.0 * part / whole;
    }
}
