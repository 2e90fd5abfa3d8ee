package dev.lvlmserve.bench.suite;

import static dev.lvlmserve.bench.suite.QuestionOracle.assertThat;
import static dev.lvlmserve.bench.suite.QuestionOracle.match;

import dev.lvlmserve.bench.scene.Scene;
import dev.lvlmserve.bench.scene.SceneObject;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Matcher;

/**
 * The ScienceQA-style half of the oracle: parses "X and Y objects are P. All other objects are Q." back into a rule
 * and judges options against it. Also checks the question never names the attribute the rule is about, since then
 * the text alone would give the answer away.
 */
final class ScienceOracle {
    private ScienceOracle() {}

    static Function<String, Boolean> judge(Scene scene, String context, String question) {
        Matcher rule = match("(.+) are (\\w+)\\. All other objects are (\\w+)\\.", context);
        assertThat(rule != null, "unknown context: " + context);
        List<String> subjectWords = new ArrayList<>(List.of(rule.group(1).split(" ")));
        subjectWords.removeAll(List.of("and", "objects"));
        Predicate<SceneObject> inRule = o -> subjectWords.stream().anyMatch(w -> SceneFacts.wordTest(w).test(o));
        String property = rule.group(2);
        String otherwise = rule.group(3);
        Function<SceneObject, String> propertyOf = o -> inRule.test(o) ? property : otherwise;

        Matcher m;
        if ((m = match("Is the (.+) (\\w+) or (\\w+)\\?", question)) != null) {
            assertThat(List.of(m.group(2), m.group(3)).containsAll(List.of(property, otherwise)), question);
            String description = m.group(1);
            assertHidesRule(description, subjectWords);
            String answer = propertyOf.apply(SceneFacts.only(scene, description));
            return answer::equals;
        }
        if ((m = match("Which object is (\\w+)\\?", question)) != null) {
            String wanted = m.group(1);
            assertThat(wanted.equals(property) || wanted.equals(otherwise), question);
            return option -> {
                assertHidesRule(option, subjectWords);
                return propertyOf.apply(SceneFacts.only(scene, option)).equals(wanted);
            };
        }
        throw new AssertionError("unknown ScienceQA question: " + question);
    }

    /** A description must not use the rule's attribute kind (colour, shape or size). */
    private static void assertHidesRule(String description, List<String> ruleWords) {
        if (description.startsWith("object in the ")) {
            return;
        }
        String kind = kind(ruleWords.getFirst());
        for (String word : description.split(" ")) {
            assertThat(!kind(word).equals(kind), "'" + description + "' reveals the rule's " + kind);
        }
    }

    private static String kind(String word) {
        return switch (word.toLowerCase()) {
            case "red", "green", "blue", "yellow", "purple", "black" -> "colour";
            case "small", "large" -> "size";
            case "object", "objects" -> "none";
            default -> "shape";
        };
    }
}
