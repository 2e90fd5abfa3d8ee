package dev.lvlmserve.bench.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AnswerParserTest {
    private static final List<String> OPTIONS = List.of("red circle", "blue", "3", "top left");

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"Yes|true", "yes.|true", "  YES, there is a red circle.|true",
        "No|false", "no, there is not|false", "No.|false"})
    void readsYesOrNoFromTheFirstWord(String text, boolean expected) {
        assertEquals(Optional.of(expected), AnswerParser.yesNo(text));
    }

    @Test
    void otherFirstWordsAreNoAnswer() {
        assertEquals(Optional.empty(), AnswerParser.yesNo("Not sure"));
        assertEquals(Optional.empty(), AnswerParser.yesNo("maybe yes"));
        assertEquals(Optional.empty(), AnswerParser.yesNo(""));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"A|A", "A.|A", "(A)|A", "(B) blue|B", "B)|B", "C. 3|C", " D |D",
        "The answer is B.|B", "Answer: C|C", "the answer is (D)|D", "blue|B", "Top left.|D", "3|C",
        "I think it is D|D", "A red circle|A"})
    void readsOptionLetters(String text, String letter) {
        assertEquals(Optional.of(letter), AnswerParser.optionLetter(text, OPTIONS));
    }

    @Test
    void lettersOutOfRangeOrAmbiguousAreNoAnswer() {
        assertEquals(Optional.empty(), AnswerParser.optionLetter("E", OPTIONS));
        assertEquals(Optional.empty(), AnswerParser.optionLetter("B or C", OPTIONS));
        assertEquals(Optional.empty(), AnswerParser.optionLetter("green", OPTIONS));
        assertEquals(Optional.empty(), AnswerParser.optionLetter("", OPTIONS));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"Two.|2", "the red|red", "  Top   Left! |top left", "An apple|apple",
        "ZERO|0", "six|6", "it's red|its red"})
    void normalisesLikeVqa(String text, String expected) {
        assertEquals(expected, AnswerParser.normalise(text));
    }
}
