package dev.lvlmserve.bench.suite;

import static dev.lvlmserve.bench.suite.SceneFacts.cellName;
import static dev.lvlmserve.bench.suite.SceneFacts.only;
import static dev.lvlmserve.bench.suite.SceneFacts.resolve;
import static dev.lvlmserve.bench.suite.SceneFacts.typeOf;

import dev.lvlmserve.bench.scene.Scene;
import dev.lvlmserve.bench.scene.SceneObject;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recomputes the right answer of a sample from its prompt text and scene graph alone, by brute force, without any
 * generator code: if a template's words and its answer disagree, or a question names an object ambiguously, this
 * fails. Multiple choice: every option is judged on its own and exactly one must be true.
 */
final class QuestionOracle {
    private static final String REL =
            "(directly to the left of|directly to the right of|directly above|directly below)";

    private QuestionOracle() {}

    /** The target text the sample must have. */
    static String expected(Sample s) {
        if (s.options().isEmpty()) {
            String prefix = "\n" + Prompts.SHORT_ANSWER;
            assertThat(s.question().endsWith(prefix), "short-answer suffix missing: " + s.question());
            return open(s.scene(), s.question().substring(0, s.question().length() - prefix.length()));
        }
        List<String> lines = List.of(s.question().split("\n"));
        int n = s.options().size();
        assertThat(lines.getLast().equals(Prompts.MULTIPLE_CHOICE), "MC suffix missing: " + s.question());
        for (int i = 0; i < n; i++) {
            String line = lines.get(lines.size() - 1 - n + i);
            assertThat(line.equals((char) ('A' + i) + ". " + s.options().get(i)), "option line " + line);
        }
        List<String> stem = lines.subList(0, lines.size() - 1 - n);
        Function<String, Boolean> judge = stem.size() == 2
                ? ScienceOracle.judge(s.scene(), strip(stem.get(0), "Context: "), strip(stem.get(1), "Question: "))
                : choice(s.scene(), single(stem));
        List<Integer> right = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (judge.apply(s.options().get(i))) {
                right.add(i);
            }
        }
        assertThat(right.size() == 1, "expected exactly one true option, got " + right + " for " + s);
        return String.valueOf((char) ('A' + right.getFirst()));
    }

    private static String open(Scene scene, String q) {
        Matcher m;
        if ((m = match("Is there a (\\w+ \\w+) in the image\\?", q)) != null) {
            return yesNo(!resolve(scene, m.group(1)).isEmpty());
        }
        if ((m = match("(Is|Are) there exactly (\\d+) (\\w+) in the image\\?", q)) != null) {
            int n = Integer.parseInt(m.group(2));
            boolean singular = List.of("object", "circle", "square", "triangle", "cross").contains(m.group(3));
            assertThat((n == 1) == m.group(1).equals("Is") && (n == 1) == singular, "number agreement: " + q);
            return yesNo(resolve(scene, m.group(3)).size() == n);
        }
        String sides = "(on the left side|on the right side|at the top|at the bottom)";
        if ((m = match("Is the (\\w+ \\w+) " + sides + " of the image\\?", q)) != null) {
            SceneObject o = only(scene, m.group(1));
            return yesNo(switch (m.group(2)) {
                case "on the left side" -> o.col() == 0;
                case "on the right side" -> o.col() == 2;
                case "at the top" -> o.row() == 0;
                default -> o.row() == 2;
            });
        }
        if ((m = match("Is the (\\w+) (\\w+)\\?", q)) != null) {
            return yesNo(SceneFacts.wordTest(m.group(2)).test(only(scene, m.group(1))));
        }
        if ((m = match("How many (\\w+) are there\\?", q)) != null) {
            return Integer.toString(resolve(scene, m.group(1)).size());
        }
        return describe(scene, q);
    }

    /** Questions whose answer is one attribute of one object: shared by open and multiple-choice forms. */
    private static String describe(Scene scene, String q) {
        Matcher m;
        if ((m = match("What (colour|shape) is the object " + REL + " the (\\w+ \\w+)\\?", q)) != null) {
            SceneObject target = SceneFacts.related(scene, m.group(2), only(scene, m.group(3)));
            return SceneFacts.attribute(target, m.group(1));
        }
        if ((m = match("What is " + REL + " the (\\w+ \\w+)\\?", q)) != null) {
            return typeOf(SceneFacts.related(scene, m.group(1), only(scene, m.group(2))));
        }
        if ((m = match("What (colour|shape|size) is the (.+)\\?", q)) != null) {
            return SceneFacts.attribute(only(scene, m.group(2)), m.group(1));
        }
        if ((m = match("How many (\\w+) are in the image\\?", q)) != null) {
            return Integer.toString(resolve(scene, m.group(1)).size());
        }
        if ((m = match("Where is the (\\w+ \\w+) relative to the (\\w+ \\w+)\\?", q)) != null) {
            SceneObject a = only(scene, m.group(1));
            SceneObject b = only(scene, m.group(2));
            assertThat(a.row() == b.row() ^ a.col() == b.col(), "relation needs one shared row or column: " + q);
            if (a.row() == b.row()) {
                return a.col() < b.col() ? "left" : "right";
            }
            return a.row() < b.row() ? "above" : "below";
        }
        if ((m = match("Where is the (.+)\\?", q)) != null) {
            return cellName(only(scene, m.group(1)));
        }
        if ((m = match("Which object is in the (.+)\\?", q)) != null) {
            return typeOf(only(scene, "object in the " + m.group(1)));
        }
        throw new AssertionError("the oracle does not know this question: " + q);
    }

    private static Function<String, Boolean> choice(Scene scene, String q) {
        Matcher m = match("Which object is (small|large)\\?", q);
        if (m != null) {
            String size = m.group(1);
            return option -> {
                List<SceneObject> named = resolve(scene, option);
                long sized = named.stream().filter(o -> o.size().name().equalsIgnoreCase(size)).count();
                assertThat(sized == 0 || sized == named.size(), "'" + option + "' is both sizes in " + scene);
                return sized > 0;
            };
        }
        String answer = describe(scene, q);
        return answer::equals;
    }

    static Matcher match(String regex, String text) {
        Matcher m = Pattern.compile(regex).matcher(text);
        return m.matches() ? m : null;
    }

    static String yesNo(boolean b) {
        return b ? "yes" : "no";
    }

    private static String single(List<String> stem) {
        assertThat(stem.size() == 1, "one question line expected: " + stem);
        return stem.getFirst();
    }

    private static String strip(String line, String prefix) {
        assertThat(line.startsWith(prefix), "expected '" + prefix + "' in " + line);
        return line.substring(prefix.length());
    }

    static void assertThat(boolean condition, String message) {
        if (!condition) {
            throw new AssertionError(message);
        }
    }
}
