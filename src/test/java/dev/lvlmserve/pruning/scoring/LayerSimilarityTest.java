package dev.lvlmserve.pruning.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.lvlmserve.model.Djl;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LayerSimilarityTest {
    static NDArray random(NDManager m, long seed) { // (1, 5, 32)
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[5 * 32];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return m.create(v, new Shape(1, 5, 32));
    }

    @Test
    void identicalNegatedAndScaledStates() {
        try (NDManager m = Djl.newManager()) {
            NDArray x = random(m, 1);
            for (double c : LayerSimilarity.tokenCosines(x, x.duplicate())) {
                assertEquals(1.0, c, 1e-12);
            }
            for (double c : LayerSimilarity.tokenCosines(x, x.neg())) {
                assertEquals(-1.0, c, 1e-12);
            }
            for (double c : LayerSimilarity.tokenCosines(x, x.mul(3.5f))) {
                assertEquals(1.0, c, 1e-6);
            }
        }
    }

    @Test
    void orthogonalAndZeroStates() {
        try (NDManager m = Djl.newManager()) {
            NDArray a = m.create(new float[] {1, 0, 0, 0, 1, 1}, new Shape(2, 3));
            NDArray b = m.create(new float[] {0, 2, 0, 0, 0, 0}, new Shape(2, 3));
            double[] c = LayerSimilarity.tokenCosines(a, b);
            assertEquals(0.0, c[0], 0);
            assertEquals(0.0, c[1], 0); // zero output: defined as 0, not NaN
        }
    }

    @Test
    void meanOverPositionsAndShapeChecks() {
        assertEquals(2.0, LayerSimilarity.mean(new double[] {1, 2, 3}, new int[] {0, 2}), 0);
        assertEquals(Double.NaN, LayerSimilarity.mean(new double[] {1}, new int[0]));
        try (NDManager m = Djl.newManager()) {
            assertThrows(IllegalArgumentException.class,
                    () -> LayerSimilarity.tokenCosines(m.zeros(new Shape(2, 3)), m.zeros(new Shape(3, 3))));
        }
    }
}
