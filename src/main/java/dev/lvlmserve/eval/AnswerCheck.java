package dev.lvlmserve.eval;

import dev.lvlmserve.bench.suite.AnswerParser;
import java.util.List;
import java.util.Optional;

/**
 * Whether one generated answer is right, by the answer's form: an option letter for multiple choice, polarity for
 * yes/no, VQA-normalised exact match otherwise. Per-sample correctness, for gates and user datasets; the suites'
 * own metrics (F1, CircularEval, ...) stay in the suites.
 */
public final class AnswerCheck {
    private AnswerCheck() {}

    public static boolean isCorrect(List<String> options, String answer, String prediction) {
        if (!options.isEmpty()) {
            Optional<String> letter = AnswerParser.optionLetter(prediction, options);
            return letter.isPresent() && letter.get().equalsIgnoreCase(answer.strip());
        }
        Optional<Boolean> truth = AnswerParser.yesNo(answer);
        if (truth.isPresent()) {
            return AnswerParser.yesNo(prediction).equals(truth);
        }
        return AnswerParser.normalise(prediction).equals(AnswerParser.normalise(answer));
    }
}
