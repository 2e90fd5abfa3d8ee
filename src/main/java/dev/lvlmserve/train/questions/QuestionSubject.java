package dev.lvlmserve.train.questions;

import dev.lvlmserve.bench.scene.Colour;
import dev.lvlmserve.bench.scene.ObjectType;
import dev.lvlmserve.bench.scene.Shape;
import dev.lvlmserve.bench.suite.Phrases;
import dev.lvlmserve.bench.suite.Sample;
import dev.lvlmserve.bench.suite.Suites;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The object a suite question is about, however the question names it: by its full type ("the red circle"), by its
 * place ("the object in the top left", "Which object is in the centre?"), by its colour alone ("the red object") or by
 * its shape alone ("What colour is the square?"). Each suite asks such questions only where the name is unique, so
 * whatever the name leaves open ({@code colour}, {@code shape} or {@code cell} null) the scene fixes.
 *
 * <p>Why: the training's subject supervision first covered only full types ({@link #fullType}); questions that
 * name an object by its place or by one attribute got none, and their colour and shape questions stayed at chance.
 *
 * @param words the words of the name in the question, the last of which is where the name ends ("top", "left")
 */
public record QuestionSubject(Colour colour, Shape shape, int[] cell, List<String> words) {
    public QuestionSubject {
        words = List.copyOf(words);
        if (words.isEmpty() || (colour == null && shape == null && cell == null)) {
            throw new IllegalArgumentException("a subject names something");
        }
    }

    /** Whether it names a full type and nothing else ("the red circle"). */
    public boolean isFullType() {
        return colour != null && shape != null && cell == null;
    }

    /**
     * The subject of the question line of {@code sample} (not a ScienceQA context, nor the option lines): a full type
     * first, then a place, then "the COLOUR object", then "the SHAPE"; empty when it names none of them ("How many
     * circles are there?", "Which object is small?").
     */
    public static Optional<QuestionSubject> of(Sample sample) {
        Optional<ObjectType> type = fullType(sample);
        if (type.isPresent()) {
            return type.map(QuestionSubject::of);
        }
        String line = words(sample);
        List<String> cells = Phrases.cells();
        for (String place : cells) {
            if (line.contains(" in the " + place + " ")) {
                return Optional.of(new QuestionSubject(null, null, cell(place).orElseThrow(),
                        Arrays.asList(place.split(" "))));
            }
        }
        for (Colour c : Colour.values()) {
            if (line.contains(" the " + c.word() + " object ")) {
                return Optional.of(new QuestionSubject(c, null, null, List.of(c.word(), "object")));
            }
        }
        for (Shape s : Shape.values()) {
            if (line.contains(" the " + s.word() + " ")) {
                return Optional.of(new QuestionSubject(null, s, null, List.of(s.word())));
            }
        }
        return Optional.empty();
    }

    /** A full type, named by its phrase ("red circle"). */
    public static QuestionSubject of(ObjectType type) {
        return new QuestionSubject(type.colour(), type.shape(), null,
                List.of(type.colour().word(), type.shape().word()));
    }

    /** The type a benchmark sample asks about, where the suite records one (POPE's probed object). */
    public static Optional<ObjectType> popeType(Sample sample) {
        String phrase = sample.metadata().get(Suites.POPE_OBJECT);
        return ObjectType.all().stream().filter(t -> t.phrase().equals(phrase)).findFirst();
    }

    /**
     * The first type named in full ("red circle") by the question itself — not by a ScienceQA context, the option
     * lines or the suffix — of any suite: POPE's probed object, MMBench's "Where is the red circle?", A-OKVQA's
     * reference object; empty when the question names only a colour or a shape, or a place.
     */
    public static Optional<ObjectType> fullType(Sample sample) {
        String line = words(sample);
        ObjectType first = null;
        int at = Integer.MAX_VALUE;
        for (ObjectType t : ObjectType.all()) {
            int i = line.indexOf(" " + t.phrase() + " ");
            if (i >= 0 && i < at) {
                first = t;
                at = i;
            }
        }
        return Optional.ofNullable(first);
    }

    /** The grid cell ({row, col}) a place phrase such as "top left" names, or empty. */
    public static Optional<int[]> cell(String phrase) {
        int i = Phrases.cells().indexOf(phrase);
        return i < 0 ? Optional.empty() : Optional.of(new int[] {i / 3, i % 3});
    }

    /**
     * The question itself — the first line that is not a ScienceQA context — without punctuation, with a space at
     * either end so that every word can be matched as " word ".
     */
    private static String words(Sample sample) {
        String question = sample.question().lines().filter(l -> !l.startsWith("Context:")).findFirst().orElse("");
        return " " + question.replaceAll("[?.,]", " ") + " ";
    }
}
