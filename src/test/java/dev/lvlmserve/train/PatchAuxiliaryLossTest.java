package dev.lvlmserve.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.lvlmserve.model.Djl;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The embedding-tied probe scores an image position by the words that name its cell's attributes. */
class PatchAuxiliaryLossTest {
    private static final int D = 32;
    private static final int EXTRA_WORDS = 5; // vocabulary rows that name no class

    /** Class c (non-empty) is named by word id c + EXTRA_WORDS; "empty" classes have no word. */
    private static long[] wordIds() {
        List<String> words = CellLabels.classWords();
        long[] ids = new long[words.size()];
        for (int c = 0; c < ids.length; c++) {
            ids[c] = words.get(c) == null ? -1 : c + EXTRA_WORDS;
        }
        return ids;
    }

    /** One position per example, showing (colour, shape, size) classes; features = sum of their word embeddings. */
    private static float[] features(float[][] embed, int[][] labels, boolean wrongWords) {
        float[] out = new float[labels.length * D];
        int[] offsets = {0, CellLabels.COLOURS, CellLabels.COLOURS + CellLabels.SHAPES};
        int[] widths = {CellLabels.COLOURS, CellLabels.SHAPES, CellLabels.SIZES};
        for (int i = 0; i < labels.length; i++) {
            for (int head = 0; head < 3; head++) {
                int cls = labels[i][head];
                if (wrongWords) {
                    cls = cls % (widths[head] - 1) + 1; // another non-empty class of the same head
                }
                float[] row = embed[offsets[head] + cls + EXTRA_WORDS];
                for (int k = 0; k < D; k++) {
                    out[i * D + k] += row[k];
                }
            }
        }
        return out;
    }

    @Test
    void featuresBuiltFromTheRightWordsScoreBetterAndGradientsReachTheEmbeddings() {
        SplittableRandom r = new SplittableRandom(1);
        int vocab = CellLabels.CLASSES + EXTRA_WORDS;
        float[][] embed = new float[vocab][D];
        float[] flat = new float[vocab * D];
        for (int v = 0; v < vocab; v++) {
            for (int k = 0; k < D; k++) {
                embed[v][k] = (float) r.nextGaussian();
                flat[v * D + k] = embed[v][k];
            }
        }
        int n = 12;
        int[][] labels = new int[n][];
        List<TrainingExample> batch = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            labels[i] = new int[] {1 + r.nextInt(CellLabels.COLOURS - 1), 1 + r.nextInt(CellLabels.SHAPES - 1),
                1 + r.nextInt(CellLabels.SIZES - 1)};
            batch.add(new TrainingExample(new long[] {1}, new long[] {2}, null, labels[i]));
        }
        try (NDManager m = Djl.newManager()) {
            NDArray table = m.create(flat, new Shape(vocab, D));
            PatchAuxiliaryLoss probe = new PatchAuxiliaryLoss(D, 1.0, m, table, wordIds());
            float right = probe.compute(m.create(features(embed, labels, false), new Shape(n, 1, D)), batch, m)
                    .getFloat();
            float wrong = probe.compute(m.create(features(embed, labels, true), new Shape(n, 1, D)), batch, m)
                    .getFloat();
            assertTrue(right < wrong - 1, "right words " + right + " vs wrong words " + wrong);

            table.setRequiresGradient(true);
            try (GradientCollector c = Engine.getEngine("PyTorch").newGradientCollector()) {
                c.backward(probe.compute(m.create(features(embed, labels, true), new Shape(n, 1, D)), batch, m));
            }
            float[] grad = table.getGradient().toFloatArray();
            for (int v = 0; v < vocab; v++) {
                double norm = 0;
                for (int k = 0; k < D; k++) {
                    norm += grad[v * D + k] * grad[v * D + k];
                }
                if (v < EXTRA_WORDS) {
                    assertEquals(0.0, norm, 0.0, "word " + v + " names no class and gets no gradient");
                } else if (wordIds()[v - EXTRA_WORDS] >= 0) {
                    assertTrue(norm > 0, "class word " + v + " is trained through the probe");
                }
            }
        }
    }

    @Test
    void probeWordsNameEveryNonEmptyClassInLabelOrder() {
        List<String> words = CellLabels.classWords();
        assertEquals(CellLabels.CLASSES, words.size());
        assertEquals(null, words.get(0));
        assertEquals(dev.lvlmserve.bench.scene.Colour.values()[0].word(), words.get(1));
        assertEquals(null, words.get(CellLabels.COLOURS));
        assertEquals(dev.lvlmserve.bench.scene.Shape.values()[0].word(), words.get(CellLabels.COLOURS + 1));
        assertEquals(null, words.get(CellLabels.COLOURS + CellLabels.SHAPES));
        assertEquals(dev.lvlmserve.bench.scene.Size.values()[0].word(),
                words.get(CellLabels.COLOURS + CellLabels.SHAPES + 1));
    }
}
