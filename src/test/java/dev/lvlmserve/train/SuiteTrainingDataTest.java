package dev.lvlmserve.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lvlmserve.bench.suite.BenchmarkSuite;
import dev.lvlmserve.train.questions.QuestionSubject;
import dev.lvlmserve.bench.suite.Sample;
import dev.lvlmserve.bench.suite.Split;
import dev.lvlmserve.bench.suite.Suites;
import dev.lvlmserve.model.llava.LlavaPipeline;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SuiteTrainingDataTest {
    @TempDir
    static Path tmp;

    /** A toy model trained for a few steps: the data only needs its tokenizer and preprocessing. */
    private static Path model;

    @BeforeAll
    static void trainToy() throws Exception {
        model = tmp.resolve("model");
        new DefaultModelTrainer(DefaultModelTrainerTest.toy(5), new PrintStream(new ByteArrayOutputStream()))
                .run(model, "test");
    }

    @Test
    void drillsMarkTheirOptionsSubjectAndTheImagePositionsOfTheRightCell() throws Exception {
        try (LlavaPipeline p = LlavaPipeline.load(model, null)) {
            List<TrainingExample> drills = new SuiteTrainingData(List.of(Suites.byName("pope")), p, 3, 0, 0, 1.0,
                    SuiteTrainingData.Subjects.FULL_TYPES).batch(0, 60);
            int withCell = 0;
            for (TrainingExample e : drills) {
                TrainingExample.Options o = e.options();
                assertNotNull(o, "every drill is lettered");
                assertNotNull(e.subject(), "every drill names its object");
                String letter = p.tokenizer().decode(new long[] {e.targetIds()[0]}, true);
                assertEquals(String.valueOf((char) ('A' + o.answerIndex())), letter);
                assertEquals(letter, p.tokenizer().decode(new long[] {e.promptIds()[o.answerLetter()]}, true));
                String right = p.tokenizer().decode(
                        Arrays.copyOfRange(e.promptIds(), o.answerLetter() + 2, o.answerLastWord() + 1), true);
                if (right.equals("yes") || right.equals("no")) {
                    assertEquals(0, o.answerCellPatches().length, right);
                    // the toy's 2x2 image positions miss the bottom row of cells: "found" implies "yes", not back
                    assertTrue(!AnswerProbe.found(e) || right.equals("yes"), "found, so the answer is yes");
                    continue;
                }
                // "Where is the red circle?": the right cell's image positions show the red circle (on this toy's
                // 2x2 grid the bottom row of cells has no image position of its own, so some have none)
                for (int patch : o.answerCellPatches()) {
                    withCell++;
                    assertEquals(e.subject().colourClass(), e.patchLabels()[patch * 3], right);
                    assertEquals(e.subject().shapeClass(), e.patchLabels()[patch * 3 + 1], right);
                }
            }
            assertTrue(withCell > 5, "some place drills land on an image position: " + withCell);
        }
    }

    @Test
    void anyNameGivesPlaceAndAttributeSubjectsAtTheNamesLastWordAndKeepsFullTypesWhereTheyWere() throws Exception {
        try (LlavaPipeline p = LlavaPipeline.load(model, null)) {
            List<BenchmarkSuite> suites = List.of(Suites.byName("seed"), Suites.byName("mmbench"));
            SuiteTrainingData any = new SuiteTrainingData(suites, p, 3, 0, 0, 0, SuiteTrainingData.Subjects.ANY_NAME);
            SuiteTrainingData full =
                    new SuiteTrainingData(suites, p, 3, 0, 0, 0, SuiteTrainingData.Subjects.FULL_TYPES);
            int place = 0;
            int attribute = 0;
            for (BenchmarkSuite suite : suites) {
                for (int i = 0; i < 40; i++) {
                    Sample s = suite.sample(Split.TRAIN, i);
                    TrainingExample.Subject a = any.example(s).subject();
                    TrainingExample.Subject f = full.example(s).subject();
                    QuestionSubject named = QuestionSubject.of(s).orElse(null);
                    if (named == null) {
                        assertNull(a, s.question());
                        continue;
                    }
                    TrainingExample e = any.example(s);
                    String last = p.tokenizer().decode(new long[] {e.promptIds()[a.position()]}, true);
                    assertEquals(named.words().getLast(), last, s.question());
                    if (named.isFullType()) {
                        assertEquals(f.position(), a.position(), s.question());
                        assertEquals(f.colourClass(), a.colourClass());
                        continue;
                    }
                    assertNull(f, "full types only: " + s.question());
                    if (named.cell() != null) {
                        place++;
                        for (int patch : a.cellPatches()) {
                            assertTrue(a.matches(e.patchLabels(), patch));
                            assertTrue(e.patchLabels()[patch * 3] > 0, "an object is there");
                        }
                    } else {
                        attribute++;
                        assertEquals(0, a.cellPatches().length);
                    }
                }
            }
            assertTrue(place > 10 && attribute > 5, place + " place, " + attribute + " attribute subjects");
        }
    }
}
