package dev.lvlmserve.bench.suite;

import dev.lvlmserve.bench.scene.Colour;
import dev.lvlmserve.bench.scene.Shape;
import dev.lvlmserve.bench.scene.Size;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The closed word list of every prompt and answer the suites can produce, for a word-level tokenizer, plus the
 * pre-tokenizer that splits text into those words.
 *
 * <p>Splitting mirrors Hugging Face's {@code Whitespace} pre-tokenizer ({@code \w+|[^\w\s]+}), with the special
 * tokens cut out first as HF does for added tokens, so {@code "<image>"} stays whole. Newlines are whitespace here;
 * whether they become a token is the tokenizer's choice. A test checks this list covers thousands of generated
 * samples of every suite, so a new template word cannot slip in unlisted.
 */
public final class Vocabulary {
    /** Chat-template tokens LLaVA-1.5 wraps prompts in ({@code "USER: <image>\n... ASSISTANT:"}). */
    public static final List<String> SPECIAL = List.of("<image>", "USER", "ASSISTANT", ":");

    private static final Pattern TOKEN =
            Pattern.compile("<image>|\\w+|[^\\w\\s]+", Pattern.UNICODE_CHARACTER_CLASS);

    /** Every fixed phrase the templates use; dynamic parts (colours, shapes, cells, numbers) are added below. */
    private static final List<String> PHRASES = List.of(
            Prompts.SHORT_ANSWER,
            Prompts.MULTIPLE_CHOICE,
            "A. B. C. D.",
            "Is there a in the image?",
            "Is there exactly 1 object? Are there exactly objects in the image?",
            "Is the on the left side of the image? on the right side of the image? at the top of the image?",
            "at the bottom of the image?",
            "What colour is the object? What shape is the object in the?",
            "How many objects are in the image? How many are there?",
            "Where is the? Which object is in the? Where is the relative to the?",
            "What is directly to the left of directly to the right of directly above directly below the?",
            "left right above below",
            "What size is the?",
            "Context: Question: Is the object in the or?",
            "objects are. All other objects are. and",
            "Which object is?",
            Captions.PROMPT + " ,");

    private Vocabulary() {}

    /** Special tokens first, then every other word and punctuation mark in sorted order: stable ids. */
    public static List<String> words() {
        var words = new TreeSet<String>();
        PHRASES.forEach(p -> words.addAll(tokenize(p)));
        for (Colour c : Colour.values()) {
            words.add(c.word());
            words.add(capitalised(c.word())); // "Red objects are hot."
        }
        for (Shape s : Shape.values()) {
            words.addAll(List.of(s.word(), s.plural(), capitalised(s.plural())));
        }
        for (Size s : Size.values()) {
            words.add(s.word());
            words.add(capitalised(s.word()));
        }
        Phrases.cells().forEach(c -> words.addAll(tokenize(c)));
        Arrays.stream(ScienceQaSuite.PROPERTIES).flatMap(Arrays::stream).forEach(words::add);
        for (int n = 0; n <= 9; n++) {
            words.add(Integer.toString(n));
        }
        words.addAll(List.of("yes", "no"));
        words.removeAll(SPECIAL);
        List<String> ordered = new ArrayList<>(SPECIAL);
        ordered.addAll(words);
        return List.copyOf(ordered);
    }

    /** Splits text into words and punctuation runs; {@code "<image>"} is kept as one token. */
    public static List<String> tokenize(String text) {
        List<String> tokens = new ArrayList<>();
        Matcher m = TOKEN.matcher(text);
        while (m.find()) {
            tokens.add(m.group());
        }
        return tokens;
    }

    private static String capitalised(String word) {
        return word.substring(0, 1).toUpperCase(Locale.ROOT) + word.substring(1);
    }
}
