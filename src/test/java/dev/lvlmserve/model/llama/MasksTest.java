package dev.lvlmserve.model.llama;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.lvlmserve.model.Djl;
import dev.lvlmserve.model.nn.EagerAttention;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The additive mask: causal, padding, Mistral's sliding window, and finfo(dtype).min per dtype. */
class MasksTest {
    NDManager m;

    @BeforeEach
    void open() {
        m = Djl.newManager();
    }

    @AfterEach
    void close() {
        m.close();
    }

    static boolean visible(float[] mask, int s, int row, int key) {
        return mask[row * s + key] == 0f;
    }

    @Test
    void theSlidingWindowKeepsTheQueryAndTheWindowMinusOnePositionsBeforeIt() {
        int s = 7;
        long[][] att = {{1, 1, 1, 1, 1, 1, 1}};
        float[] full = Masks.causal(att, s, 0, DataType.FLOAT32, m).toFloatArray();
        float[] windowed = Masks.causal(att, s, 3, DataType.FLOAT32, m).toFloatArray();
        for (int q = 0; q < s; q++) {
            for (int k = 0; k < s; k++) {
                assertEquals(k <= q, visible(full, s, q, k), "causal " + q + "," + k);
                // modeling_mistral: masked when k > q or k <= q - sliding_window
                assertEquals(k <= q && k > q - 3, visible(windowed, s, q, k), "window " + q + "," + k);
            }
        }
    }

    @Test
    void aDecodeStepSeesTheSameWindowAsTheFullMaskDoes() {
        long[][] att = {{0, 0, 1, 1, 1, 1, 1, 1}}; // two padding positions, then six tokens; the last one is new
        float[] step = Masks.causal(att, 1, 4, DataType.FLOAT32, m).toFloatArray();
        float[] all = Masks.causal(att, 8, 4, DataType.FLOAT32, m).toFloatArray();
        for (int k = 0; k < 8; k++) {
            assertEquals(visible(all, 8, 7, k), visible(step, 8, 0, k), "key " + k);
            assertEquals(k >= 4, visible(step, 8, 0, k), "key " + k + ": positions 4..7 are the window of 4");
        }
    }

    @Test
    void hiddenPositionsGetTheDtypesMinimumAndHalfPrecisionUnmasksRowsThatSeeNothing() {
        long[][] att = {{0, 0, 1, 1}};
        float[] f32 = Masks.causal(att, 4, 0, DataType.FLOAT32, m).toFloatArray();
        NDArray f16 = Masks.causal(att, 4, 0, DataType.FLOAT16, m);
        assertEquals(DataType.FLOAT16, f16.getDataType());
        float[] h = f16.toType(DataType.FLOAT32, false).toFloatArray();
        assertEquals(-Float.MAX_VALUE, f32[0], "float32: finfo(float32).min, the padding row stays masked");
        assertEquals(-Float.MAX_VALUE, f32[2 * 4 + 1], "row 2 hides padding key 1");
        for (int k = 0; k < 4; k++) {
            assertEquals(0f, h[k], "float16: the padding query at row 0 sees nothing, so it is unmasked");
        }
        assertEquals(-65504f, h[2 * 4 + 1], "float16: finfo(float16).min");
        assertEquals(-65504f, h[2 * 4 + 3], "and the future is hidden");
    }

    @Test
    void float16AttentionOverLeftPaddingStaysFinite() {
        // Scores of -20 plus finfo(float16).min round to -inf; a padding row of only -inf would turn into NaN.
        long[][] att = {{0, 1, 1}};
        NDArray mask = Masks.causal(att, 3, 0, DataType.FLOAT16, m);
        float[] qk = new float[3 * 4];
        for (int i = 0; i < qk.length; i++) {
            qk[i] = i % 2 == 0 ? 4f : -4f;
        }
        NDArray q = m.create(qk, new Shape(1, 1, 3, 4)).toType(DataType.FLOAT16, false);
        NDArray k = q.neg();
        float[] out = EagerAttention.forward(q, k, q, mask, 1f, false).output().toType(DataType.FLOAT32, false)
                .toFloatArray();
        for (float v : out) {
            assertTrue(Float.isFinite(v), "attention output " + v);
        }
    }
}
