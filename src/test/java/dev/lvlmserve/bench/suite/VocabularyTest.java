package dev.lvlmserve.bench.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class VocabularyTest {
    @Test
    void coversEveryPromptOptionAndAnswer() {
        Set<String> vocabulary = new HashSet<>(Vocabulary.words());
        Set<String> missing = new TreeSet<>();
        for (BenchmarkSuite suite : Suites.all()) {
            for (Split split : Split.values()) {
                for (Sample s : suite.samples(split, 600)) {
                    for (String text : List.of("USER: <image>\n" + s.question() + " ASSISTANT: " + s.answer())) {
                        Vocabulary.tokenize(text).stream().filter(t -> !vocabulary.contains(t)).forEach(missing::add);
                    }
                }
            }
        }
        assertEquals(Set.of(), missing);
    }

    @Test
    void listsSpecialTokensFirstAndNoDuplicates() {
        List<String> words = Vocabulary.words();
        assertEquals(Vocabulary.SPECIAL, words.subList(0, Vocabulary.SPECIAL.size()));
        assertEquals(words.size(), new HashSet<>(words).size());
        assertTrue(words.containsAll(List.of("yes", "no", "A", "D", "0", "6", "colour", "crosses", "Circles", "?")));
    }

    @Test
    void tokenizesLikeTheWhitespacePreTokenizer() {
        assertEquals(
                List.of("<image>", "What", "colour", "is", "the", "cross", "?", "A", ".", "red"),
                Vocabulary.tokenize("<image>\nWhat colour is the cross?\nA. red"));
        assertEquals(List.of("option", "'", "s", "letter"), Vocabulary.tokenize("option's letter"));
        assertEquals(List.of("Context", ":", "hot", ".", "USER", ":"), Vocabulary.tokenize("Context: hot. USER:"));
        assertEquals(List.of("(", "A", ")", "?!"), Vocabulary.tokenize("(A) ?!"));
    }
}
