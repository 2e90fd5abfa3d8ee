package dev.lvlmserve.bench.suite;

import java.util.List;

/** Prompt suffixes and layouts exactly as LLaVA-1.5's evaluation scripts write them. */
public final class Prompts {
    /** LLaVA's suffix for VQAv2, POPE, MME and other short-answer sets. */
    public static final String SHORT_ANSWER = "Answer the question using a single word or phrase.";

    /** LLaVA's suffix for MMBench, SEED-Bench and ScienceQA. */
    public static final String MULTIPLE_CHOICE = "Answer with the option's letter from the given choices directly.";

    private Prompts() {}

    /** {@code question + "\n" + SHORT_ANSWER}. */
    public static String shortAnswer(String question) {
        return question + "\n" + SHORT_ANSWER;
    }

    /** The question, one {@code "A. option"} line per choice, then {@link #MULTIPLE_CHOICE}. */
    public static String multipleChoice(String question, List<String> options) {
        var text = new StringBuilder(question);
        for (int i = 0; i < options.size(); i++) {
            text.append('\n').append(letter(i)).append(". ").append(options.get(i));
        }
        return text.append('\n').append(MULTIPLE_CHOICE).toString();
    }

    /** Option letter for a 0-based index: 0 → {@code "A"}. */
    public static String letter(int index) {
        if (index < 0 || index >= 26) {
            throw new IllegalArgumentException("option index " + index);
        }
        return String.valueOf((char) ('A' + index));
    }
}
