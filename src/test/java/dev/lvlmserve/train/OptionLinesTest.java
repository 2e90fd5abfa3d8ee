package dev.lvlmserve.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.lvlmserve.bench.suite.Prompts;
import dev.lvlmserve.bench.suite.Vocabulary;
import dev.lvlmserve.model.tokenizer.TextTokenizer;
import dev.lvlmserve.model.tokenizer.WordLevelTokenizerWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OptionLinesTest {
    @TempDir
    Path dir;

    @Test
    void findsEachOptionsLetterAndLastWordInARealPrompt() throws Exception {
        WordLevelTokenizerWriter.write(dir, Vocabulary.words());
        try (TextTokenizer tok = TextTokenizer.load(dir)) {
            String prompt = "USER: <image>\n" + Prompts.multipleChoice("Where is the red circle?",
                    List.of("top left", "centre", "bottom right")) + " ASSISTANT:";
            long[] ids = tok.encode(prompt, true);
            List<String> words = List.of(tok.decode(ids, false).split(" "));
            // <s> USER : <image> Where is the red circle ? A . top left B . centre C . bottom right Answer ...
            assertEquals(List.of("A", ".", "top", "left"), words.subList(10, 14));
            TrainingExample.Options o = OptionLines.of(tok).find(ids, 2);
            assertArrayEquals(new int[] {10, 14, 17}, o.letterPositions());
            assertArrayEquals(new int[] {13, 16, 20}, o.lastWordPositions());
            assertEquals("right", words.get(o.answerLastWord()));
            assertEquals("C", words.get(o.answerLetter()));
            assertEquals("Answer", words.get(21));
            assertThrows(IllegalArgumentException.class, () -> OptionLines.of(tok).find(ids, 3), "only three options");
            long[] open = tok.encode("USER: <image>\nIs there a red circle in the image?\n" + Prompts.SHORT_ANSWER
                    + " ASSISTANT:", true);
            assertThrows(IllegalArgumentException.class, () -> OptionLines.of(tok).find(open, 0), "no option lines");
        }
    }

    @Test
    void lettersCountOnlyInOrderAndBeforeTheSuffix() {
        // ids: A=1 B=2 C=3 D=4 .=5 Answer=6, words 7..9
        OptionLines lines = new OptionLines(new long[] {1, 2, 3, 4}, 5, 6);
        // "B ." before any "A ." is not an option; "A" without a full stop is a word, not a letter.
        long[] ids = {7, 2, 5, 1, 8, 1, 5, 7, 8, 2, 5, 9, 6, 3, 5};
        TrainingExample.Options o = lines.find(ids, 1);
        assertArrayEquals(new int[] {5, 9}, o.letterPositions());
        assertArrayEquals(new int[] {8, 11}, o.lastWordPositions());
    }
}
