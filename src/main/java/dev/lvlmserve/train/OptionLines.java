package dev.lvlmserve.train;

import dev.lvlmserve.model.tokenizer.TextTokenizer;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the option lines of a tokenised multiple-choice prompt ({@code "... A . red B . blue Answer with ..."}): an
 * option starts at its letter followed by a full stop, letters in order A, B, ...; it ends right before the next
 * letter or, for the last one, before the last "Answer" (LLaVA's choice suffix).
 */
final class OptionLines {
    private final long[] letterIds; // A, B, C, D
    private final long fullStopId;
    private final long suffixId;

    OptionLines(long[] letterIds, long fullStopId, long suffixId) {
        this.letterIds = letterIds.clone();
        this.fullStopId = fullStopId;
        this.suffixId = suffixId;
    }

    static OptionLines of(TextTokenizer tokenizer) {
        long[] letters = new long[AnswerProbe.MAX_OPTIONS];
        for (int i = 0; i < letters.length; i++) {
            letters[i] = tokenizer.tokenId(String.valueOf((char) ('A' + i))).orElse(Long.MIN_VALUE);
        }
        return new OptionLines(letters, tokenizer.tokenId(".").orElse(Long.MIN_VALUE),
                tokenizer.tokenId("Answer").orElse(Long.MIN_VALUE));
    }

    /**
     * @return the options' positions with {@code answerIndex} right
     * @throws IllegalArgumentException when the prompt has no well-formed option lines or too few for the answer
     */
    TrainingExample.Options find(long[] ids, int answerIndex) {
        int suffix = -1;
        for (int j = ids.length - 1; j >= 0 && suffix < 0; j--) {
            if (ids[j] == suffixId) {
                suffix = j;
            }
        }
        List<Integer> letters = new ArrayList<>();
        for (int j = 0; j + 1 < (suffix < 0 ? ids.length : suffix) && letters.size() < letterIds.length; j++) {
            if (ids[j] == letterIds[letters.size()] && ids[j + 1] == fullStopId) {
                letters.add(j);
            }
        }
        if (suffix < 0 || letters.isEmpty() || answerIndex >= letters.size()) {
            throw new IllegalArgumentException("no option lines for answer " + answerIndex + " in the prompt");
        }
        int n = letters.size();
        int[] starts = new int[n];
        int[] ends = new int[n];
        for (int i = 0; i < n; i++) {
            starts[i] = letters.get(i);
            ends[i] = (i + 1 < n ? letters.get(i + 1) : suffix) - 1;
        }
        return new TrainingExample.Options(starts, ends, answerIndex);
    }
}
