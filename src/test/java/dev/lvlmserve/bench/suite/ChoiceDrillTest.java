package dev.lvlmserve.bench.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lvlmserve.bench.scene.Scene;
import dev.lvlmserve.bench.scene.SceneGenerator;
import dev.lvlmserve.bench.scene.SceneObject;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ChoiceDrillTest {
    @Test
    void theLetteredOptionIsTheOnlyTrueOneByTheSceneGraph() {
        Set<String> vocab = new HashSet<>(Vocabulary.words());
        SceneGenerator g = new SceneGenerator(21);
        SplittableRandom r = new SplittableRandom(22);
        int where = 0;
        int yes = 0;
        int no = 0;
        for (int i = 0; i < 1000; i++) {
            Scene s = g.next();
            ChoiceDrill.Query q = ChoiceDrill.ask(s, r);
            String[] lines = q.prompt().split("\n");
            assertEquals(Prompts.MULTIPLE_CHOICE, lines[lines.length - 1]);
            List<String> options = List.of(lines).subList(1, lines.length - 1);
            for (int j = 0; j < options.size(); j++) {
                assertTrue(options.get(j).startsWith(Prompts.letter(j) + ". "), q.prompt());
            }
            String answer = options.get(q.answer().charAt(0) - 'A').substring(3);
            String[] typeWords = q.type().phrase().split(" ");
            List<SceneObject> matches = s.objects().stream()
                    .filter(o -> o.colour().word().equals(typeWords[0]) && o.shape().word().equals(typeWords[1]))
                    .toList();
            if (lines[0].startsWith("Where is the ")) {
                where++;
                assertEquals("Where is the " + q.type().phrase() + "?", lines[0]);
                assertEquals(4, options.size());
                assertEquals(1, matches.size(), q.toString());
                assertEquals(Phrases.cell(matches.getFirst()), answer);
                assertEquals(4, options.stream().distinct().count());
            } else {
                assertEquals("Is there a " + q.type().phrase() + " in the image?", lines[0]);
                assertEquals(2, options.size());
                assertEquals(matches.isEmpty() ? "no" : "yes", answer, q.toString());
                yes += answer.equals("yes") ? 1 : 0;
                no += answer.equals("no") ? 1 : 0;
            }
            for (String w : Vocabulary.tokenize(q.prompt() + " " + q.answer())) {
                assertTrue(vocab.contains(w), "'" + w + "' is not in the vocabulary");
            }
        }
        assertTrue(where > 400 && where < 600, "about half position questions: " + where);
        assertTrue(yes > 150 && no > 250, "both existence answers: yes " + yes + ", no " + no);
    }

    @Test
    void namedTypeIsTheFirstFullTypeOfTheQuestionNotOfTheOptionsOrContext() {
        Scene s = new SceneGenerator(3).next();
        Sample where = sample(s, Prompts.multipleChoice("Where is the red circle relative to the blue square?",
                List.of("green cross", "left")));
        assertEquals("red circle", Locate.namedType(where).orElseThrow().phrase());
        Sample options = sample(s, Prompts.multipleChoice("Which object is small?", List.of("red circle", "x")));
        assertTrue(Locate.namedType(options).isEmpty(), "a type among the options is not the question's");
        Sample science = sample(s, "Context: Red circle objects are hot.\nQuestion: Is the blue square hot or cold?");
        assertEquals("blue square", Locate.namedType(science).orElseThrow().phrase());
        Sample colourOnly = sample(s, Prompts.shortAnswer("What shape is the red object?"));
        assertTrue(Locate.namedType(colourOnly).isEmpty());
    }

    private static Sample sample(Scene scene, String question) {
        return new Sample("x-test-00000", "x", scene, question, List.of(), "A", java.util.Map.of());
    }
}
