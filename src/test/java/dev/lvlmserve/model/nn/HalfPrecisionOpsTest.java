package dev.lvlmserve.model.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.lvlmserve.model.Djl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The places where float16 models compute in float32, as transformers does, each with an input that shows it. */
class HalfPrecisionOpsTest {
    NDManager m;

    @BeforeEach
    void open() {
        m = Djl.newManager();
    }

    @AfterEach
    void close() {
        m.close();
    }

    @Test
    void rmsNormStatisticsRunInFloat32SoLargeActivationsDoNotOverflow() {
        // 300² = 90000 is beyond float16's 65504: squared in float16 the variance is inf and every output 0
        float[] x = {300f, -250f, 280f, 310f};
        float[] w = {1f, 0.5f, 2f, 1f};
        NDArray half = m.create(x, new Shape(1, 4)).toType(DataType.FLOAT16, false);
        NDArray y = new RmsNorm(m.create(w).toType(DataType.FLOAT16, false), 1e-6).forward(half);
        assertEquals(DataType.FLOAT16, y.getDataType(), "the output keeps the input dtype");
        float[] got = y.toType(DataType.FLOAT32, false).toFloatArray();
        double ms = 0;
        for (float v : x) {
            ms += v * (double) v / x.length;
        }
        for (int i = 0; i < x.length; i++) {
            double want = w[i] * x[i] / Math.sqrt(ms + 1e-6);
            assertEquals(want, got[i], Math.abs(want) * 2e-3, "element " + i);
        }
    }

    @Test
    void float16AttentionSoftmaxIsComputedInFloat32AndCastBack() {
        float[] q = {1f, 2f, 0.5f, -1f};
        float[] k = {0.3f, 1f, -2f, 0.5f, 1.5f, -0.2f, 0.7f, 0.1f}; // (1, 1, 2, 4)
        float[] v = {1f, 2f, 3f, 4f, -1f, 0f, 1f, 2f};
        NDArray r32 = EagerAttention.forward(m.create(q, new Shape(1, 1, 1, 4)), m.create(k, new Shape(1, 1, 2, 4)),
                m.create(v, new Shape(1, 1, 2, 4)), null, 0.5f, true).probabilities();
        EagerAttention.Result r16 = EagerAttention.forward(half(q, 1, 1, 1, 4), half(k, 1, 1, 2, 4),
                half(v, 1, 1, 2, 4), null, 0.5f, true);
        assertEquals(DataType.FLOAT16, r16.probabilities().getDataType());
        assertEquals(DataType.FLOAT16, r16.output().getDataType());
        float[] p32 = r32.toFloatArray();
        float[] p16 = r16.probabilities().toType(DataType.FLOAT32, false).toFloatArray();
        for (int i = 0; i < p32.length; i++) {
            assertEquals(p32[i], p16[i], 2e-3);
        }
    }

    NDArray half(float[] data, long... shape) {
        return m.create(data, new Shape(shape)).toType(DataType.FLOAT16, false);
    }

    @Test
    void linearAndActivationsRunInFloat16() {
        NDArray x = half(new float[] {1f, -2f, 0.5f}, 1, 3);
        NDArray y = new Linear(half(new float[] {1, 2, 3, 4, 5, 6}, 2, 3), half(new float[] {0.5f, -1f}, 2))
                .forward(x);
        assertEquals(DataType.FLOAT16, y.getDataType());
        float[] out = y.toType(DataType.FLOAT32, false).toFloatArray();
        assertEquals(1 - 4 + 1.5 + 0.5, out[0], 1e-3);
        assertEquals(4 - 10 + 3 - 1, out[1], 1e-3);
        for (NDArray a : new NDArray[] {Activations.silu(x), Activations.gelu(x), Activations.quickGelu(x)}) {
            assertEquals(DataType.FLOAT16, a.getDataType());
            assertTrue(Float.isFinite(a.toType(DataType.FLOAT32, false).toFloatArray()[1]));
        }
    }
}
