package dev.lvlmserve.bench.suite;

import java.util.List;
import java.util.Map;

/** A question before it gets its id: what a suite composes for one scene. */
record Draft(String question, List<String> options, String answer, Map<String, String> metadata) {
    static Draft open(String question, String answer, Map<String, String> metadata) {
        return new Draft(Prompts.shortAnswer(question), List.of(), answer, metadata);
    }

    static Draft choice(String question, Choice choice, Map<String, String> metadata) {
        return new Draft(
                Prompts.multipleChoice(question, choice.options()), choice.options(), choice.letter(), metadata);
    }
}
