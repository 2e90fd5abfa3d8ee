package dev.lvlmserve.bench.suite;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads answers out of generated text, leniently, the way the public eval scripts do: a model that says
 * {@code "Yes, there is."} or {@code "(B) blue"} gets credit for {@code yes} and {@code B}.
 */
public final class AnswerParser {
    private static final Pattern FIRST_WORD = Pattern.compile("[a-z]+");
    // "A", "A.", "A)", "A:", "A," or "(A) anything" at the start.
    private static final Pattern LEADING_LETTER =
            Pattern.compile("^\\s*(?:\\(([A-Z])\\)|([A-Z])(?:[.):,]|\\s*$))");
    private static final Pattern ANSWER_IS =
            Pattern.compile("(?i:answer\\s*(?:is|:))\\s*(?:option\\s*)?\\(?([A-Z])(?![A-Za-z])");
    private static final Pattern LONE_LETTER = Pattern.compile("(?<![A-Za-z])([A-Z])(?![A-Za-z])");
    private static final Set<String> ARTICLES = Set.of("a", "an", "the");
    private static final Map<String, String> NUMBERS = Map.ofEntries(
            Map.entry("none", "0"), Map.entry("zero", "0"), Map.entry("one", "1"), Map.entry("two", "2"),
            Map.entry("three", "3"), Map.entry("four", "4"), Map.entry("five", "5"), Map.entry("six", "6"),
            Map.entry("seven", "7"), Map.entry("eight", "8"), Map.entry("nine", "9"), Map.entry("ten", "10"));

    private AnswerParser() {}

    /** Yes/no from the first word, case-insensitive: {@code "Yes, there is."} → true; anything else → empty. */
    public static Optional<Boolean> yesNo(String text) {
        Matcher m = FIRST_WORD.matcher(text.toLowerCase(Locale.ROOT));
        if (!m.find()) {
            return Optional.empty();
        }
        return switch (m.group()) {
            case "yes" -> Optional.of(true);
            case "no" -> Optional.of(false);
            default -> Optional.empty();
        };
    }

    /**
     * The chosen option's 0-based index. Tried in order: a leading letter ({@code "A"}, {@code "A."}, {@code "(A)"}),
     * {@code "the answer is A"}, the text of an option, and finally a single stand-alone capital letter in range.
     */
    public static Optional<Integer> optionIndex(String text, List<String> options) {
        for (Pattern p : List.of(LEADING_LETTER, ANSWER_IS)) {
            Matcher m = p.matcher(text);
            if (m.find()) {
                String letter = m.group(1) != null ? m.group(1) : m.group(m.groupCount());
                return inRange(letter.charAt(0) - 'A', options);
            }
        }
        String said = normalise(text);
        for (int i = 0; i < options.size(); i++) {
            if (!said.isEmpty() && said.equals(normalise(options.get(i)))) {
                return Optional.of(i);
            }
        }
        Set<Integer> lone = new TreeSet<>();
        LONE_LETTER.matcher(text).results().forEach(r -> lone.add(r.group(1).charAt(0) - 'A'));
        lone.removeIf(i -> i >= options.size());
        return lone.size() == 1 ? Optional.of(lone.iterator().next()) : Optional.empty();
    }

    /** The chosen option's letter, e.g. {@code "B"}. */
    public static Optional<String> optionLetter(String text, List<String> options) {
        return optionIndex(text, options).map(Prompts::letter);
    }

    /**
     * VQA-style normalisation: lower case, punctuation removed, articles dropped, number words as digits, single
     * spaces. {@code "Two."} → {@code "2"}, {@code "the red"} → {@code "red"}.
     */
    public static String normalise(String text) {
        String cleaned = text.toLowerCase(Locale.ROOT).replace("'", "").replaceAll("[^a-z0-9]+", " ");
        List<String> words = new ArrayList<>();
        for (String w : cleaned.trim().split(" ")) {
            if (!w.isEmpty() && !ARTICLES.contains(w)) {
                words.add(NUMBERS.getOrDefault(w, w));
            }
        }
        return String.join(" ", words);
    }

    private static Optional<Integer> inRange(int index, List<String> options) {
        return index >= 0 && index < options.size() ? Optional.of(index) : Optional.empty();
    }
}
