package dev.lvlmserve.bench.suite;

import dev.lvlmserve.bench.scene.Colour;
import dev.lvlmserve.bench.scene.ObjectType;
import dev.lvlmserve.bench.scene.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The object a suite question is about, however the question names it: by its full type ("the red circle"), by its
 * place ("the object in the top left", "Which object is in the centre?"), by its colour alone ("the red object") or by
 * its shape alone ("What colour is the square?"). Each suite asks such questions only where the name is unique, so
 * whatever the name leaves open ({@code colour}, {@code shape} or {@code cell} null) the scene fixes.
 *
 * <p>Why: the training's subject supervision first covered only full types ({@link Locate#namedType}); questions that
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
        Optional<ObjectType> type = Locate.namedType(sample);
        if (type.isPresent()) {
            return type.map(QuestionSubject::of);
        }
        String line = " " + questionLine(sample).replaceAll("[?.,]", " ") + " ";
        List<String> cells = Phrases.cells();
        for (int i = 0; i < cells.size(); i++) {
            if (line.contains(" in the " + cells.get(i) + " ")) {
                return Optional.of(new QuestionSubject(null, null, new int[] {i / 3, i % 3},
                        new ArrayList<>(Arrays.asList(cells.get(i).split(" ")))));
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

    /** The question itself: the first line that is not a ScienceQA context. */
    static String questionLine(Sample sample) {
        return sample.question().lines().filter(l -> !l.startsWith("Context:")).findFirst().orElse("");
    }
}
