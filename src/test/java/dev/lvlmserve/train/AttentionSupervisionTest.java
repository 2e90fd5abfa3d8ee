package dev.lvlmserve.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.lvlmserve.model.Djl;
import dev.lvlmserve.train.AttentionSupervision.Task;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Hand-made attention probabilities over a 7-token prompt {@code BOS IMG IMG IMG red circle :}: image positions 0–2
 * sit at sequence positions 1–3; the subject's last word ("circle") at 5, the colour word at 4, the answer at 6.
 */
class AttentionSupervisionTest {
    private static final long IMG = 9;
    private static final int H = 2;
    private static final int T = 7;
    private static final long[] PROMPT = {1, IMG, IMG, IMG, 20, 21, 22};
    private static final int RED = 1;
    private static final int CIRCLE = 1;
    /** Image position 0: a red square; 1: a blue circle; 2: a red circle. */
    private static final int[] LABELS = {RED, 2, 1, 3, CIRCLE, 1, RED, CIRCLE, 2};

    private static float[] probs(int row, int rows, int from, float[] weights) {
        float[] p = new float[rows * H * T * T];
        System.arraycopy(weights, 0, p, ((row * H + 1) * T + from) * T, T); // head 1 is the supervised one
        return p;
    }

    private static float loss(Task task, float[] probs, List<TrainingExample> batch) {
        return loss(task, probs, batch, T, 1e-6);
    }

    private static float loss(Task task, float[] probs, List<TrainingExample> batch, int t, double floor) {
        try (NDManager m = Djl.newManager()) {
            AttentionSupervision s = new AttentionSupervision(0, 1, 1.0, IMG, task, floor);
            return s.compute(m.create(probs, new Shape(batch.size(), H, t, t)), batch, m).getFloat();
        }
    }

    private static TrainingExample example(int colour, int shape) {
        return new TrainingExample(PROMPT, new long[] {7, 2}, null, LABELS,
                new TrainingExample.Subject(colour, shape, 5));
    }

    @Test
    void eachTaskCountsTheMassOnItsOwnTargetsFromItsOwnPosition() {
        //                       BOS  img0  img1  img2  red  circle  :
        float[] w = {0.05f, 0.1f, 0.2f, 0.4f, 0.15f, 0.1f, 0f};
        List<TrainingExample> one = List.of(example(RED, CIRCLE));
        assertEquals(-Math.log(0.4 + 1e-6), loss(Task.ANSWER_TO_OBJECT, probs(0, 1, 6, w), one), 1e-5);
        assertEquals(-Math.log(0.4 + 1e-6), loss(Task.SUBJECT_TO_OBJECT, probs(0, 1, 5, w), one), 1e-5);
        assertEquals(-Math.log(0.2 + 0.4 + 1e-6), loss(Task.SUBJECT_TO_SHAPE, probs(0, 1, 5, w), one), 1e-5);
        assertEquals(-Math.log(0.1 + 0.4 + 1e-6), loss(Task.COLOUR_WORD_TO_COLOUR, probs(0, 1, 4, w), one), 1e-5);
        assertEquals(-Math.log(0.15 + 1e-6), loss(Task.SUBJECT_TO_PREVIOUS_WORD, probs(0, 1, 5, w), one), 1e-5);
        assertEquals(-Math.log(0.1 + 1e-6), loss(Task.ANSWER_TO_SUBJECT, probs(0, 1, 6, w), one), 1e-5);
        // read from the wrong position, the mass is not there
        assertEquals(-Math.log(1e-6), loss(Task.SUBJECT_TO_OBJECT, probs(0, 1, 6, w), one), 1e-3);
    }

    @Test
    void aPlaceOrASingleAttributeTargetsTheObjectItNamesAndOnlyTheTasksItHasWordsFor() {
        //                       BOS  img0  img1  img2  red  circle  :
        float[] w = {0.05f, 0.1f, 0.2f, 0.4f, 0.15f, 0.1f, 0f};
        int none = TrainingExample.Subject.UNNAMED;
        // "the object in the <cell of image position 1>": its last word at 5
        List<TrainingExample> place = List.of(new TrainingExample(PROMPT, new long[] {7, 2}, null, LABELS,
                new TrainingExample.Subject(none, none, 5, new int[] {1})));
        assertEquals(-Math.log(0.2 + 1e-6), loss(Task.SUBJECT_TO_OBJECT, probs(0, 1, 5, w), place), 1e-5);
        assertEquals(-Math.log(0.1 + 1e-6), loss(Task.ANSWER_TO_SUBJECT, probs(0, 1, 6, w), place), 1e-5);
        assertEquals(-Math.log(0.15 + 1e-6), loss(Task.SUBJECT_TO_PREVIOUS_WORD, probs(0, 1, 5, w), place), 1e-5);
        assertThrows(IllegalArgumentException.class, () -> loss(Task.SUBJECT_TO_SHAPE, probs(0, 1, 5, w), place));
        assertThrows(IllegalArgumentException.class,
                () -> loss(Task.COLOUR_WORD_TO_COLOUR, probs(0, 1, 4, w), place));
        // "the circle": both circles (image positions 1 and 2); no colour word
        List<TrainingExample> shape = List.of(example(none, CIRCLE));
        assertEquals(-Math.log(0.2 + 0.4 + 1e-6), loss(Task.SUBJECT_TO_OBJECT, probs(0, 1, 5, w), shape), 1e-5);
        assertEquals(-Math.log(0.2 + 0.4 + 1e-6), loss(Task.SUBJECT_TO_SHAPE, probs(0, 1, 5, w), shape), 1e-5);
        assertThrows(IllegalArgumentException.class,
                () -> loss(Task.COLOUR_WORD_TO_COLOUR, probs(0, 1, 4, w), shape));
        // "the red object": both red objects (image positions 0 and 2), also from the colour word
        List<TrainingExample> colour = List.of(example(RED, none));
        assertEquals(-Math.log(0.1 + 0.4 + 1e-6), loss(Task.SUBJECT_TO_OBJECT, probs(0, 1, 5, w), colour), 1e-5);
        assertEquals(-Math.log(0.1 + 0.4 + 1e-6), loss(Task.COLOUR_WORD_TO_COLOUR, probs(0, 1, 4, w), colour),
                1e-5);
        assertThrows(IllegalArgumentException.class, () -> loss(Task.SUBJECT_TO_SHAPE, probs(0, 1, 5, w), colour));
    }

    @Test
    void anAbsentObjectPointsAtTheFirstTokenAndRowsWithoutASubjectCostNothing() {
        float[] w = {0.25f, 0.25f, 0.25f, 0.25f, 0f, 0f, 0f};
        int green = 3;
        float[] p = probs(0, 2, 5, w); // row 1 is all zeros: it must not matter
        List<TrainingExample> batch = List.of(example(green, CIRCLE),
                new TrainingExample(PROMPT, new long[] {7, 2}, null, LABELS, null));
        assertEquals(-Math.log(0.25 + 1e-6), loss(Task.SUBJECT_TO_OBJECT, p, batch), 1e-5);
        assertThrows(IllegalArgumentException.class, () -> loss(Task.SUBJECT_TO_OBJECT, p,
                List.of(batch.get(1), batch.get(1))));
    }

    @Test
    void optionTasksLookFromTheRightOptionToItsLetterAndFromTheAnswerToTheRightOption() {
        // BOS A . red B . blue Answer :   — option B ("blue", position 6, letter at 4) is right; answer at 8
        int t = 9;
        long[] prompt = {1, 30, 31, 20, 32, 31, 21, 33, 22};
        var options = new TrainingExample.Options(new int[] {1, 4}, new int[] {3, 6}, 1);
        TrainingExample mc = new TrainingExample(prompt, new long[] {32, 2}, null, null, null, options);
        float[] w = {0.1f, 0.05f, 0f, 0.05f, 0.3f, 0f, 0.5f, 0f, 0f};
        float[] fromAnswer = new float[H * t * t];
        System.arraycopy(w, 0, fromAnswer, (t + 8) * t, t); // head 1, row 8
        float[] fromOption = new float[H * t * t];
        System.arraycopy(w, 0, fromOption, (t + 6) * t, t); // head 1, row 6
        assertEquals(-Math.log(0.5 + 1e-6), loss(Task.ANSWER_TO_OPTION, fromAnswer, List.of(mc), t, 1e-6), 1e-5);
        assertEquals(-Math.log(0.3 + 1e-6), loss(Task.OPTION_TO_LETTER, fromOption, List.of(mc), t, 1e-6), 1e-5);
        // an open question has no option lines: the option tasks do not apply to it
        TrainingExample open = new TrainingExample(prompt, new long[] {32, 2}, null, LABELS,
                new TrainingExample.Subject(RED, CIRCLE, 3));
        assertThrows(IllegalArgumentException.class,
                () -> loss(Task.ANSWER_TO_OPTION, fromAnswer, List.of(open), t, 1e-6));
    }

    @Test
    void theFloorBoundsTheLossOfAHeadThatLooksElsewhere() {
        float[] tiny = {1f, 0f, 0f, 1e-12f, 0f, 0f, 0f}; // 1e-12 on the red circle (img2, sequence position 3)
        List<TrainingExample> one = List.of(example(RED, CIRCLE));
        assertEquals(-Math.log(1e-12 + 1e-6), loss(Task.ANSWER_TO_OBJECT, probs(0, 1, 6, tiny), one), 1e-3);
        assertEquals(-Math.log(1e-12), loss(Task.ANSWER_TO_OBJECT, probs(0, 1, 6, tiny), one, T, 1e-30), 1e-3);
    }

    @Test
    void optionToCellLooksFromThePlaceOptionAtTheImagePositionsOfItsCell() {
        // BOS IMG IMG IMG A . top left Answer :  — option A ("top left", last word at 7) is right; image position 1
        int t = 10;
        long[] prompt = {1, IMG, IMG, IMG, 30, 31, 40, 41, 33, 22};
        var cell = new TrainingExample.Options(new int[] {4}, new int[] {7}, 0, new int[] {1});
        TrainingExample mc = new TrainingExample(prompt, new long[] {30, 2}, null, null, null, cell);
        float[] w = {0.1f, 0.2f, 0.6f, 0.1f, 0f, 0f, 0f, 0f, 0f, 0f};
        float[] fromOption = new float[H * t * t];
        System.arraycopy(w, 0, fromOption, (t + 7) * t, t); // head 1, row 7
        assertEquals(-Math.log(0.6 + 1e-6), loss(Task.OPTION_TO_CELL, fromOption, List.of(mc), t, 1e-6), 1e-5);
        TrainingExample yesNo = new TrainingExample(prompt, new long[] {30, 2}, null, null, null,
                new TrainingExample.Options(new int[] {4}, new int[] {7}, 0));
        assertThrows(IllegalArgumentException.class,
                () -> loss(Task.OPTION_TO_CELL, fromOption, List.of(yesNo), t, 1e-6), "not a place option");
    }
}
