package dev.lvlmserve.train.questions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lvlmserve.bench.scene.Scene;
import dev.lvlmserve.bench.scene.SceneGenerator;
import dev.lvlmserve.bench.scene.SceneObject;
import dev.lvlmserve.bench.suite.Phrases;
import dev.lvlmserve.bench.suite.Prompts;
import dev.lvlmserve.bench.suite.Vocabulary;
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
}
