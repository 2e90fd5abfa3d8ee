package dev.lvlmserve.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.lvlmserve.model.Djl;
import java.util.List;
import org.junit.jupiter.api.Test;

class AttentionSupervisionTest {
    private static final long IMG = 9;

    @Test
    void lossIsMinusLogOfTheSupervisedHeadsMassOnTheTargetsAtTheLastPromptPosition() {
        int b = 3;
        int h = 2;
        int t = 5;
        float[] probs = new float[b * h * t * t];
        // row 0, head 1 (supervised), query = last prompt position 3: 0.6 on sequence position 2 = image position 1
        set(probs, 0, 1, 3, new float[] {0.1f, 0.2f, 0.6f, 0.1f, 0f});
        set(probs, 0, 0, 3, new float[] {0f, 0f, 0f, 1f, 0f}); // the other head is ignored
        // row 1: nothing matches, so the first token (BOS) is the target: 0.25 there
        set(probs, 1, 1, 3, new float[] {0.25f, 0.25f, 0.25f, 0.25f, 0f});
        // row 2 has no targets: no loss whatever its attention
        set(probs, 2, 1, 3, new float[] {0f, 0f, 0f, 1f, 0f});
        long[] prompt = {1, IMG, IMG, 5};
        List<TrainingExample> batch = List.of(
                new TrainingExample(prompt, new long[] {7, 2}, null, null, new int[] {1}),
                new TrainingExample(prompt, new long[] {7, 2}, null, null, new int[0]),
                new TrainingExample(prompt, new long[] {7, 2}, null, null, null));
        AttentionSupervision s = new AttentionSupervision(0, 1, 0.5, IMG);
        try (NDManager m = Djl.newManager()) {
            float loss = s.compute(m.create(probs, new Shape(b, h, t, t)), batch, m).getFloat();
            double expected = -0.5 * (Math.log(0.6 + 1e-6) + Math.log(0.25 + 1e-6)) / 2;
            assertEquals(expected, loss, 1e-5);
            assertThrows(IllegalArgumentException.class,
                    () -> s.compute(m.create(probs, new Shape(b, h, t, t)), List.of(batch.get(2), batch.get(2),
                            batch.get(2)), m));
        }
    }

    @Test
    void fromTheSubjectTheHeadIsReadAtTheSubjectsLastWordAndExamplesWithoutOneAreSkipped() {
        int b = 2;
        int h = 2;
        int t = 5;
        float[] probs = new float[b * h * t * t];
        set(probs, 0, 1, 2, new float[] {0.2f, 0.8f, 0f, 0f, 0f}); // subject at position 2, target image position 0
        set(probs, 0, 1, 3, new float[] {1f, 0f, 0f, 0f, 0f}); // the answer position is not what counts here
        long[] prompt = {1, IMG, 6, 5};
        List<TrainingExample> batch = List.of(
                new TrainingExample(prompt, new long[] {7, 2}, null, null, new int[] {0}, 2),
                new TrainingExample(prompt, new long[] {7, 2}, null, null, new int[] {0}, -1));
        AttentionSupervision s = new AttentionSupervision(0, 1, 1.0, IMG, AttentionSupervision.From.SUBJECT);
        try (NDManager m = Djl.newManager()) {
            float loss = s.compute(m.create(probs, new Shape(b, h, t, t)), batch, m).getFloat();
            assertEquals(-Math.log(0.8 + 1e-6), loss, 1e-5);
        }
    }

    private static void set(float[] probs, int row, int head, int query, float[] values) {
        int h = 2;
        int t = 5;
        System.arraycopy(values, 0, probs, ((row * h + head) * t + query) * t, t);
    }
}
