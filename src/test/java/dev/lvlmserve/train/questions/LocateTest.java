package dev.lvlmserve.train.questions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lvlmserve.bench.scene.Scene;
import dev.lvlmserve.bench.scene.SceneGenerator;
import dev.lvlmserve.bench.scene.SceneObject;
import dev.lvlmserve.bench.suite.Phrases;
import dev.lvlmserve.bench.suite.Vocabulary;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LocateTest {
    @Test
    void everyAnswerIsTheOnlyMatchingObjectsCellOrNoWhenNothingMatches() {
        Set<String> vocab = new HashSet<>(Vocabulary.words());
        SceneGenerator g = new SceneGenerator(11);
        SplittableRandom r = new SplittableRandom(12);
        int present = 0;
        int absent = 0;
        int near = 0;
        for (int i = 0; i < 1000; i++) {
            Scene s = g.next();
            Locate.Query q = Locate.ask(s, r);
            String prefix = "Where is the ";
            assertTrue(q.question().startsWith(prefix) && q.question().endsWith("?"), q.question());
            String[] words = q.question().substring(prefix.length(), q.question().length() - 1).split(" ");
            assertEquals(2, words.length, q.question());
            // checked against the scene graph by words, not through the generator's own helpers
            List<SceneObject> matches = s.objects().stream()
                    .filter(o -> o.colour().word().equals(words[0]) && o.shape().word().equals(words[1]))
                    .toList();
            if (q.answer().equals(Locate.ABSENT)) {
                absent++;
                assertTrue(matches.isEmpty(), q + " but the scene has " + matches);
                boolean sharesAWord = s.objects().stream()
                        .anyMatch(o -> o.colour().word().equals(words[0]) || o.shape().word().equals(words[1]));
                near += sharesAWord ? 1 : 0;
            } else {
                present++;
                assertEquals(1, matches.size(), q.toString());
                assertEquals(Phrases.cell(matches.getFirst()), q.answer());
            }
            for (String w : Vocabulary.tokenize(q.question() + " " + q.answer())) {
                assertTrue(vocab.contains(w), "'" + w + "' is not in the vocabulary");
            }
        }
        assertTrue(present > 500 && present < 700, "about 60 % present: " + present);
        assertTrue(near > absent * 0.6, "most absent objects share a colour or a shape: " + near + "/" + absent);
    }

    @Test
    void theSameSeedAsksTheSameQuestion() {
        Scene s = new SceneGenerator(3).next();
        assertEquals(Locate.ask(s, new SplittableRandom(9)), Locate.ask(s, new SplittableRandom(9)));
    }
}
