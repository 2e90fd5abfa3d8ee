package dev.lvlmserve.bench.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** No answer prior a text-only model could exploit: letters spread over A–D, yes/no halves, rule sides halves. */
class BalanceTest {
    @Test
    void fourWayAnswerLettersAreNearlyUniform() {
        for (String name : List.of("mmbench", "seed", "aokvqa")) {
            Map<String, Long> letters = Suites.byName(name).samples(Split.TRAIN, 2000).stream()
                    .collect(Collectors.groupingBy(Sample::answer, Collectors.counting()));
            assertEquals(4, letters.size(), name + " " + letters);
            letters.values().forEach(n -> assertTrue(n > 400 && n < 600, name + " " + letters));
        }
    }

    @Test
    void yesNoSuitesAreHalfYes() {
        for (String name : List.of("pope", "mme")) {
            long yes = Suites.byName(name).samples(Split.TRAIN, 1200).stream()
                    .filter(s -> s.answer().equals("yes"))
                    .count();
            assertEquals(600, yes, name);
        }
    }

    @Test
    void scienceBinaryAnswersAreNotPredictedByTheRuleText() {
        long ruleSide = 0;
        long binary = 0;
        for (Sample s : Suites.byName("scienceqa").samples(Split.TRAIN, 1200)) {
            if (s.metadata().get("scienceqa.form").equals("binary")) {
                binary++;
                String property = s.question().split(" are ")[1].split("\\.")[0]; // "X are hot. All other ..."
                ruleSide += s.options().get(s.answer().charAt(0) - 'A').equals(property) ? 1 : 0;
            }
        }
        assertEquals(binary / 2, ruleSide);
    }
}
