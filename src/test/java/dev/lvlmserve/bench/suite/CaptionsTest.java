package dev.lvlmserve.bench.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lvlmserve.bench.scene.Scene;
import dev.lvlmserve.bench.scene.SceneGenerator;
import dev.lvlmserve.bench.scene.SceneObject;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CaptionsTest {
    @Test
    void aCaptionNamesEveryObjectOnceInCellOrderWithVocabularyWordsOnly() {
        Set<String> vocab = new HashSet<>(Vocabulary.words());
        SceneGenerator g = new SceneGenerator(4);
        for (int i = 0; i < 200; i++) {
            Scene s = g.next();
            String c = Captions.caption(s);
            String[] parts = c.split(" , ");
            assertEquals(s.objects().size(), parts.length, c);
            for (int k = 0; k < parts.length; k++) {
                SceneObject o = s.objects().get(k);
                assertTrue(parts[k].endsWith(o.size().word() + " " + o.colour().word() + " " + o.shape().word()),
                        parts[k]);
                assertTrue(parts[k].startsWith(Phrases.cell(o)), parts[k]);
            }
            for (String w : Vocabulary.tokenize(Captions.PROMPT + " " + c)) {
                assertTrue(vocab.contains(w), "'" + w + "' is not in the vocabulary");
            }
        }
    }
}
