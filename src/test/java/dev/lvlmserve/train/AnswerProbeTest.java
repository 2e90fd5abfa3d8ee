package dev.lvlmserve.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.lvlmserve.model.Djl;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnswerProbeTest {
    private static final int D = 3;
    private static final int T = 4;
    /** Position 0: red (1) circle (1); position 1: blue (3) square (2). */
    private static final int[] LABELS = {1, 1, 1, 3, 2, 1};

    private static TrainingExample example(int colour, int shape) {
        return new TrainingExample(new long[] {1, 9, 9, 5}, new long[] {7, 2}, null, LABELS,
                new TrainingExample.Subject(colour, shape, 3));
    }

    @Test
    void foundNeedsColourAndShapeAtTheSamePosition() {
        assertTrue(AnswerProbe.found(example(1, 1)));
        assertTrue(AnswerProbe.found(example(3, 2)));
        assertFalse(AnswerProbe.found(example(1, 2)), "red exists, square exists, no red square");
    }

    @Test
    void onlyAFullTypeAsksTheExistenceProbe() {
        int none = TrainingExample.Subject.UNNAMED;
        assertTrue(AnswerProbe.labelled(example(1, 2)));
        assertFalse(AnswerProbe.labelled(example(none, 2)), "\"the square\" is there by construction");
        assertFalse(AnswerProbe.labelled(new TrainingExample(new long[] {1, 9, 9, 5}, new long[] {7, 2}, null, LABELS,
                new TrainingExample.Subject(none, none, 3, new int[] {1}))), "a place names an object that is there");
    }

    @Test
    void lossIsTheCrossEntropyOfTheAnswerPositionsStateUnderTheProbe() {
        List<TrainingExample> batch = List.of(example(1, 1), example(1, 2),
                new TrainingExample(new long[] {1, 9, 9, 5}, new long[] {7, 2}, null, LABELS, null));
        float[] states = new float[3 * T * D];
        float[][] atAnswer = {{0.5f, -1f, 2f}, {1f, 0.25f, -0.5f}};
        for (int i = 0; i < 2; i++) {
            System.arraycopy(atAnswer[i], 0, states, (i * T + 3) * D, D); // answer position = 3
        }
        try (NDManager m = Djl.newManager()) {
            AnswerProbe probe = AnswerProbe.existence(0, 2.0, D, m);
            float[] w = probe.weight().toFloatArray(); // (D, 2) row-major
            double expected = 0;
            int[] gold = {1, 0};
            for (int i = 0; i < 2; i++) {
                double[] logit = new double[2];
                for (int c = 0; c < 2; c++) {
                    for (int k = 0; k < D; k++) {
                        logit[c] += atAnswer[i][k] * w[k * 2 + c];
                    }
                }
                double lse = Math.log(Math.exp(logit[0]) + Math.exp(logit[1]));
                expected += -(logit[gold[i]] - lse);
            }
            expected = 2.0 * expected / 2;
            float loss = probe.compute(m.create(states, new Shape(3, T, D)), batch, m).getFloat();
            assertEquals(expected, loss, 1e-5);
            assertThrows(IllegalArgumentException.class,
                    () -> probe.compute(m.create(states, new Shape(3, T, D)), List.of(batch.get(2), batch.get(2),
                            batch.get(2)), m));
        }
    }

    @Test
    void theOptionProbeScoresTheRightLetterOfMultipleChoiceExamplesOnly() {
        var options = new TrainingExample.Options(new int[] {0, 2}, new int[] {1, 3}, 1);
        TrainingExample mc = new TrainingExample(new long[] {1, 9, 9, 5}, new long[] {7, 2}, null, null, null, options);
        List<TrainingExample> batch = List.of(mc, example(1, 1)); // the second has a subject but no options
        float[] states = new float[2 * T * D];
        float[] atAnswer = {0.5f, -1f, 2f};
        System.arraycopy(atAnswer, 0, states, 3 * D, D);
        try (NDManager m = Djl.newManager()) {
            AnswerProbe probe = AnswerProbe.option(0, 1.0, D, m);
            assertTrue(probe.applies(batch));
            assertFalse(probe.applies(List.of(example(1, 1))));
            float[] w = probe.weight().toFloatArray(); // (D, 4)
            double[] logit = new double[AnswerProbe.MAX_OPTIONS];
            double sum = 0;
            for (int c = 0; c < logit.length; c++) {
                for (int k = 0; k < D; k++) {
                    logit[c] += atAnswer[k] * w[k * logit.length + c];
                }
                sum += Math.exp(logit[c]);
            }
            float loss = probe.compute(m.create(states, new Shape(2, T, D)), batch, m).getFloat();
            assertEquals(-(logit[1] - Math.log(sum)), loss, 1e-5);
        }
    }

    @Test
    void theContentProbeAsksForTheAnswersWordsInEitherForm() {
        // open "top left" + EOS; MC prompt "... A . red B . top left Answer" with B right
        TrainingExample open = new TrainingExample(new long[] {1, 9}, new long[] {40, 41, 2}, null);
        assertEquals(40, AnswerProbe.contentWord(open, false));
        assertEquals(41, AnswerProbe.contentWord(open, true));
        var options = new TrainingExample.Options(new int[] {1, 4}, new int[] {3, 7}, 1);
        TrainingExample mc = new TrainingExample(new long[] {1, 30, 31, 50, 32, 31, 40, 41, 33, 9},
                new long[] {32, 2}, null, null, null, options);
        assertEquals(40, AnswerProbe.contentWord(mc, false));
        assertEquals(41, AnswerProbe.contentWord(mc, true));
        TrainingExample caption = new TrainingExample(new long[] {1, 9}, new long[] {40, 41, 42, 2}, null);
        assertEquals(-1, AnswerProbe.contentWord(caption, true), "long answers are not labelled");
    }
}
