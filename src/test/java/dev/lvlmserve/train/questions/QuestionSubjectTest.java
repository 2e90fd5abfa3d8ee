package dev.lvlmserve.train.questions;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lvlmserve.bench.scene.Colour;
import dev.lvlmserve.bench.scene.Scene;
import dev.lvlmserve.bench.scene.SceneGenerator;
import dev.lvlmserve.bench.scene.SceneObject;
import dev.lvlmserve.bench.scene.Shape;
import dev.lvlmserve.bench.suite.BenchmarkSuite;
import dev.lvlmserve.bench.suite.Prompts;
import dev.lvlmserve.bench.suite.Sample;
import dev.lvlmserve.bench.suite.Split;
import dev.lvlmserve.bench.suite.Suites;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class QuestionSubjectTest {
    private static final Scene SCENE = new SceneGenerator(1).next();

    private static Optional<QuestionSubject> of(String question) {
        return QuestionSubject.of(new Sample("x", "x", SCENE, question, List.of(), "yes", Map.of()));
    }

    @Test
    void readsEachWayOfNamingAnObject() {
        QuestionSubject full = of("Where is the red circle?").orElseThrow();
        assertEquals(Colour.RED, full.colour());
        assertEquals(Shape.CIRCLE, full.shape());
        assertTrue(full.isFullType());
        assertEquals(List.of("red", "circle"), full.words());

        QuestionSubject place = of("What colour is the object in the top left?").orElseThrow();
        assertArrayEquals(new int[] {0, 0}, place.cell());
        assertNull(place.colour());
        assertEquals(List.of("top", "left"), place.words());
        assertArrayEquals(new int[] {1, 1}, of("Which object is in the centre?").orElseThrow().cell());
        assertArrayEquals(new int[] {2, 1}, of("Is the object in the bottom centre hot?").orElseThrow().cell());

        QuestionSubject colour = of("What shape is the blue object?").orElseThrow();
        assertEquals(Colour.BLUE, colour.colour());
        assertNull(colour.shape());
        assertEquals(List.of("blue", "object"), colour.words());

        QuestionSubject shape = of("Is the square green?").orElseThrow();
        assertEquals(Shape.SQUARE, shape.shape());
        assertNull(shape.colour());
        assertEquals(List.of("square"), shape.words());
    }

    @Test
    void aFullTypeWinsAndCountsAndContextsNameNothing() {
        assertTrue(of("What colour is the object left of the red circle?").orElseThrow().isFullType());
        assertTrue(of("How many circles are there?").isEmpty());
        assertTrue(of("Which object is small?").isEmpty());
        assertTrue(of("Context: The object in the top left is hot.\nQuestion: Which object is hot?").isEmpty());
    }

    /**
     * Checked against the scene graph: a place or one attribute names exactly one object, so the training's targets
     * are that object.
     */
    @Test
    void everyNameInTheSuitesPicksOutOneObject() {
        Map<String, Integer> byKind = new HashMap<>();
        for (BenchmarkSuite suite : Suites.all()) {
            for (int i = 0; i < 150; i++) {
                Sample s = suite.sample(Split.TRAIN, i);
                Optional<QuestionSubject> named = QuestionSubject.of(s);
                if (named.isEmpty()) {
                    continue;
                }
                QuestionSubject q = named.get();
                long matching = s.scene().objects().stream().filter(o -> matches(q, o)).count();
                String kind = q.cell() != null ? "place" : q.isFullType() ? "type" : "attribute";
                byKind.merge(kind, 1, Integer::sum);
                if (!q.isFullType()) { // existence questions may name a type with none or several objects
                    assertEquals(1, matching, s.question() + " on " + s.scene().objects());
                }
            }
        }
        assertTrue(byKind.getOrDefault("place", 0) > 100, byKind.toString());
        assertTrue(byKind.getOrDefault("attribute", 0) > 50, byKind.toString());
        assertTrue(byKind.getOrDefault("type", 0) > 300, byKind.toString());
    }

    private static boolean matches(QuestionSubject q, SceneObject o) {
        return (q.colour() == null || q.colour() == o.colour()) && (q.shape() == null || q.shape() == o.shape())
                && (q.cell() == null || (q.cell()[0] == o.row() && q.cell()[1] == o.col()));
    }

    @Test
    void fullTypeIsTheFirstFullTypeOfTheQuestionNotOfTheOptionsOrContext() {
        Scene s = new SceneGenerator(3).next();
        Sample where = sample(s, Prompts.multipleChoice("Where is the red circle relative to the blue square?",
                List.of("green cross", "left")));
        assertEquals("red circle", QuestionSubject.fullType(where).orElseThrow().phrase());
        Sample options = sample(s, Prompts.multipleChoice("Which object is small?", List.of("red circle", "x")));
        assertTrue(QuestionSubject.fullType(options).isEmpty(), "a type among the options is not the question's");
        Sample science = sample(s, "Context: Red circle objects are hot.\nQuestion: Is the blue square hot or cold?");
        assertEquals("blue square", QuestionSubject.fullType(science).orElseThrow().phrase());
        Sample colourOnly = sample(s, Prompts.shortAnswer("What shape is the red object?"));
        assertTrue(QuestionSubject.fullType(colourOnly).isEmpty());
    }

    @Test
    void popeSamplesNameTheTypeTheyAskAboutAndOtherSuitesDoNot() {
        BenchmarkSuite pope = Suites.byName("pope");
        for (int i = 0; i < 30; i++) {
            Sample s = pope.sample(Split.TRAIN, i);
            var type = QuestionSubject.popeType(s).orElseThrow();
            assertTrue(s.question().contains(type.phrase()), s.question());
            boolean present = s.scene().objects().stream().anyMatch(type::matches);
            assertEquals(present ? "yes" : "no", s.answer());
        }
        assertTrue(QuestionSubject.popeType(Suites.byName("vqa").sample(Split.TRAIN, 0)).isEmpty());
    }

    private static Sample sample(Scene scene, String question) {
        return new Sample("x-test-00000", "x", scene, question, List.of(), "A", java.util.Map.of());
    }
}
