package dev.lvlmserve.bench.suite;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/** Options of a multiple-choice question and which one is right. */
public record Choice(List<String> options, int answerIndex) {
    public Choice {
        options = List.copyOf(options);
        if (answerIndex < 0 || answerIndex >= options.size() || options.stream().distinct().count() < options.size()) {
            throw new IllegalArgumentException("bad choice " + options + " @" + answerIndex);
        }
    }

    /**
     * {@code size} options: the answer plus distractors taken from {@code preferred} first (e.g. things present in
     * the scene, the harder kind), then {@code fallback}, each tier shuffled; finally the order is shuffled.
     * Empty when there are not enough distinct distractors.
     */
    public static Optional<Choice> of(
            String answer, List<String> preferred, List<String> fallback, int size, SplittableRandom random) {
        var pool = new LinkedHashSet<String>(shuffled(preferred, random));
        pool.addAll(shuffled(fallback, random));
        pool.remove(answer);
        if (pool.size() < size - 1) {
            return Optional.empty();
        }
        List<String> options = new ArrayList<>(new ArrayList<>(pool).subList(0, size - 1));
        options.add(answer);
        options = shuffled(options, random);
        return Optional.of(new Choice(options, options.indexOf(answer)));
    }

    /** MMBench's circular shift: option j of rotation r is option (j + r) mod n of the original. */
    Choice rotate(int r) {
        int n = options.size();
        List<String> rotated = new ArrayList<>(n);
        for (int j = 0; j < n; j++) {
            rotated.add(options.get(Math.floorMod(j + r, n)));
        }
        return new Choice(rotated, Math.floorMod(answerIndex - r, n));
    }

    public String letter() {
        return Prompts.letter(answerIndex);
    }

    String answerText() {
        return options.get(answerIndex);
    }

    static <T> List<T> shuffled(List<T> items, SplittableRandom random) {
        List<T> copy = new ArrayList<>(items);
        Collections.shuffle(copy, random);
        return copy;
    }
}
