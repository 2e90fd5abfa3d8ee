package dev.lvlmserve.bench.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lvlmserve.bench.scene.ObjectType;
import dev.lvlmserve.bench.scene.SceneGenerator;
import dev.lvlmserve.bench.scene.SceneObject;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** Every generated answer is what an independent brute-force reading of question and scene says it must be. */
class AnswerCorrectnessTest {
    static List<BenchmarkSuite> suites() {
        return Suites.all();
    }

    @ParameterizedTest
    @MethodSource("suites")
    void everyAnswerMatchesTheOracle(BenchmarkSuite suite) {
        for (Split split : Split.values()) {
            for (Sample s : suite.samples(split, 400)) {
                assertEquals(QuestionOracle.expected(s), s.answer(), () -> s.id() + ": " + s);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("suites")
    void everyQuestionKindIsProduced(BenchmarkSuite suite) {
        Map<String, Long> kinds = suite.samples(Split.TEST, 240).stream()
                .flatMap(s -> s.metadata().entrySet().stream())
                .filter(e -> e.getKey().endsWith("category") || e.getKey().endsWith("subtask")
                        || e.getKey().endsWith("dimension") || e.getKey().endsWith("kind")
                        || e.getKey().endsWith("rule"))
                .collect(Collectors.groupingBy(Map.Entry::getValue, Collectors.counting()));
        assertTrue(kinds.size() >= 3, suite + " kinds: " + kinds);
    }

    @Test
    void popeNegativesFollowTheirSampling() {
        List<ObjectType> byFrequency = ObjectType.all().stream()
                .sorted(Comparator.comparingDouble(
                        (ObjectType t) -> -SceneGenerator.typeFrequency(t.colour(), t.shape())))
                .toList();
        int yes = 0;
        List<Sample> samples = Suites.byName("pope").samples(Split.TRAIN, 600);
        for (Sample s : samples) {
            yes += s.answer().equals("yes") ? 1 : 0;
            if (s.answer().equals("yes")) {
                continue;
            }
            String object = s.metadata().get("pope.object");
            List<String> present = s.scene().objects().stream().map(SceneFacts::typeOf).toList();
            switch (s.metadata().get("pope.category")) {
                case "popular" -> {
                    List<String> absentTop3 = byFrequency.stream()
                            .map(ObjectType::phrase).filter(p -> !present.contains(p)).limit(3).toList();
                    assertTrue(absentTop3.contains(object), s.id() + " " + object + " not in " + absentTop3);
                }
                case "adversarial" -> assertTrue(
                        s.scene().objects().stream().anyMatch(o -> sharesColourOrShape(o, object)),
                        s.id() + " " + object);
                default -> assertTrue(!present.contains(object), s.id());
            }
        }
        assertEquals(samples.size() / 2, yes, "POPE is balanced");
    }

    private static boolean sharesColourOrShape(SceneObject o, String object) {
        String[] words = object.split(" ");
        return SceneFacts.wordTest(words[0]).test(o) || SceneFacts.wordTest(words[1]).test(o);
    }

    @Test
    void mmePairsShareAnImageAndHaveOneYesOneNo() {
        List<Sample> samples = Suites.byName("mme").samples(Split.TEST, 400);
        for (int i = 0; i < samples.size(); i += 2) {
            Sample a = samples.get(i);
            Sample b = samples.get(i + 1);
            assertEquals(a.scene(), b.scene());
            assertEquals(a.metadata().get("mme.pair"), b.metadata().get("mme.pair"));
            assertEquals(List.of("no", "yes"), List.of(a.answer(), b.answer()).stream().sorted().toList());
        }
    }

    @Test
    void mmbenchRotationsAreCircularShiftsOfOneQuestion() {
        List<Sample> samples = Suites.byName("mmbench").samples(Split.TEST, 400);
        for (int i = 0; i < samples.size(); i += 4) {
            Sample base = samples.get(i);
            String answerText = base.options().get(base.answer().charAt(0) - 'A');
            for (int r = 0; r < 4; r++) {
                Sample s = samples.get(i + r);
                assertEquals(base.scene(), s.scene());
                assertEquals(Integer.toString(r), s.metadata().get("mmbench.rotation"));
                for (int j = 0; j < 4; j++) {
                    assertEquals(base.options().get((j + r) % 4), s.options().get(j));
                }
                assertEquals(answerText, s.options().get(s.answer().charAt(0) - 'A'));
            }
        }
    }
}
