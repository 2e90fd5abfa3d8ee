package dev.lvlmserve.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lvlmserve.model.TinyModels;
import dev.lvlmserve.model.llava.LlavaModel;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LlavaTrainerTest {
    static List<TrainingExample> batch(LlavaModel model, int size, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int n = model.config().imageSeqLength();
        List<TrainingExample> out = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            long[] prompt = new long[1 + n + 2 + r.nextInt(3)];
            prompt[0] = 1;
            for (int k = 1; k < prompt.length; k++) {
                prompt[k] = k <= n ? TinyModels.IMAGE_TOKEN : 3 + r.nextInt(40);
            }
            float[] px = new float[3 * 16 * 16];
            int label = r.nextInt(2);
            for (int k = 0; k < px.length; k++) {
                px[k] = (float) r.nextGaussian() * 0.1f + (label == 0 ? -1 : 1); // the image decides the answer
            }
            out.add(new TrainingExample(prompt, new long[] {50 + label, 2}, px));
        }
        return out;
    }

    @Test
    void lossFallsWhenFittingABatchAndGradientsStayFinite() {
        try (LlavaModel model = TinyModels.model(TinyModels.config("llama", false), 1)) {
            List<TrainingExample> data = batch(model, 8, 3);
            double first;
            double last;
            try (LlavaTrainer trainer = new LlavaTrainer(model, k -> true, 0.0, 0)) {
                first = trainer.step(data, 3e-3, 1.0).loss();
                LlavaTrainer.StepResult r = null;
                for (int i = 0; i < 40; i++) {
                    r = trainer.step(data, 3e-3, 1.0);
                    assertTrue(Double.isFinite(r.gradNorm()), "gradient norm " + r.gradNorm());
                }
                last = r.loss();
            }
            assertTrue(last < first * 0.3, "loss " + first + " -> " + last);
        }
    }

    @Test
    void attentionSupervisionTeachesTheHeadWhereToLook() {
        try (LlavaModel model = TinyModels.model(TinyModels.config("llama", false), 1)) {
            List<TrainingExample> data = new ArrayList<>();
            int k = 0;
            int n = model.config().imageSeqLength();
            for (TrainingExample e : batch(model, 8, 4)) {
                // each example asks the head to look at a different image position, or at nothing (BOS)
                int[] labels = new int[n * 3];
                if (k % 3 != 2) {
                    labels[(k % n) * 3] = 1;
                    labels[(k % n) * 3 + 1] = 1;
                }
                data.add(new TrainingExample(e.promptIds(), e.targetIds(), e.pixelValues(), labels,
                        new TrainingExample.Subject(1, 1, -1)));
                k++;
            }
            try (LlavaTrainer trainer = new LlavaTrainer(model, key -> true, 0.0, 0).superviseAttention(1, 0, 1.0,
                    AttentionSupervision.Task.ANSWER_TO_OBJECT, 1e-6)) {
                LlavaTrainer.StepResult first = trainer.step(data, 3e-3, 1.0);
                assertTrue(first.attentionLoss() > 0.5, "untrained head: " + first.attentionLoss());
                LlavaTrainer.StepResult r = first;
                for (int i = 0; i < 60; i++) {
                    r = trainer.step(data, 3e-3, 1.0);
                }
                assertTrue(r.attentionLoss() < first.attentionLoss() * 0.3,
                        "attention loss " + first.attentionLoss() + " -> " + r.attentionLoss());
                assertTrue(Math.abs(r.loss() - r.lmLoss() - r.attentionLoss()) < 1e-4, "parts add up: " + r);
            }
        }
    }
}
