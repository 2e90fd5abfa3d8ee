package dev.lvlmserve.model.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.lvlmserve.model.Djl;
import dev.lvlmserve.model.TinyModels;
import dev.lvlmserve.model.generate.ForwardObserver;
import dev.lvlmserve.model.llava.LlavaModel;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The in-place fast path against its twin: a decoder forward under autograd takes every out-of-place branch, one
 * outside it the in-place ones, and the two agree to the bit; under autograd the backward still runs (an overwritten
 * operand would make it throw or give wrong gradients).
 */
class InPlaceTest {
    @Test
    void underAutogradTheOpsAllocateAndOtherwiseTheyOverwriteTheTemporary() {
        try (NDManager m = Djl.newManager()) {
            NDArray a = m.create(new float[] {1, 2});
            NDArray b = m.create(new float[] {3, 4});
            assertSame(a, InPlace.add(a, b), "a temporary takes the sum");
            assertArrayEquals(new float[] {4, 6}, a.toFloatArray());
            try (GradientCollector c = Engine.getEngine("PyTorch").newGradientCollector()) {
                NDArray w = m.create(new float[] {1, 1});
                w.setRequiresGradient(true);
                NDArray t = m.create(new float[] {2, 5});
                NDArray y = InPlace.mul(t, w);
                assertNotSame(t, y);
                assertArrayEquals(new float[] {2, 5}, t.toFloatArray(), "the temporary is untouched");
                c.backward(y.sum());
                assertArrayEquals(new float[] {2, 5}, w.getGradient().toFloatArray());
            }
        }
    }

    @Test
    void theDecoderComputesTheSameBitsInPlaceAndOutOfPlace() {
        try (LlavaModel model = TinyModels.model(TinyModels.config("llama", false), 4);
                NDManager m = model.manager().newSubManager()) {
            long[][] ids = {{1, 5, 9, 14, 3, 22, 7, 30}, {1, 8, 2, 11, 19, 4, 6, 13}};
            long[][] att = new long[2][8];
            for (long[] row : att) {
                Arrays.fill(row, 1);
            }
            att[1][0] = 0; // one padded position, so the mask matters too
            assertTrue(InPlace.allowed(), "no collector open: the in-place branches run");
            float[] inPlace = model.languageModel().forward(model.inputsEmbeds(ids, null, m), att, null,
                    ForwardObserver.NONE).toFloatArray();
            float[] outOfPlace;
            try (GradientCollector c = Engine.getEngine("PyTorch").newGradientCollector()) {
                NDArray embeds = model.inputsEmbeds(ids, null, m);
                embeds.setRequiresGradient(true);
                assertTrue(!InPlace.allowed(), "the twin runs under autograd");
                NDArray h = model.languageModel().forward(embeds, att, null, ForwardObserver.NONE);
                outOfPlace = h.toFloatArray();
                c.backward(h.sum());
                assertTrue(embeds.getGradient().abs().sum().getFloat() > 0, "and its backward ran");
            }
            assertArrayEquals(outOfPlace, inPlace);
            assertTrue(new Shape(2, 8, 32).size() == inPlace.length);
            assertTrue(InPlace.allowed(), "the collector closed, grad mode is off again");
        }
    }
}
