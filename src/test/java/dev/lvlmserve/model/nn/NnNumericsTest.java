package dev.lvlmserve.model.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.lvlmserve.model.Djl;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The building blocks against plain-Java references written from the formulas. */
class NnNumericsTest {
    NDManager m;
    SplittableRandom r = new SplittableRandom(3);

    @BeforeEach
    void open() {
        m = Djl.newManager();
    }

    @AfterEach
    void close() {
        m.close();
    }

    float[] randn(int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return v;
    }

    @Test
    void eagerAttentionEqualsNaiveLoops() {
        int b = 2, h = 3, t = 4, s = 5, d = 8;
        float[] q = randn(b * h * t * d), k = randn(b * h * s * d), v = randn(b * h * s * d);
        float[] mask = new float[b * t * s];
        for (int i = 0; i < mask.length; i++) {
            mask[i] = r.nextInt(4) == 0 ? -Float.MAX_VALUE : 0f;
        }
        float scale = 0.35f;
        EagerAttention.Result res = EagerAttention.forward(m.create(q, new Shape(b, h, t, d)),
                m.create(k, new Shape(b, h, s, d)), m.create(v, new Shape(b, h, s, d)),
                m.create(mask, new Shape(b, 1, t, s)), scale, true);
        float[] out = res.output().toFloatArray();
        float[] probs = res.probabilities().toFloatArray();
        for (int bi = 0; bi < b; bi++) {
            for (int hi = 0; hi < h; hi++) {
                for (int ti = 0; ti < t; ti++) {
                    double[] sc = new double[s];
                    double max = Double.NEGATIVE_INFINITY;
                    for (int si = 0; si < s; si++) {
                        double dot = 0;
                        for (int di = 0; di < d; di++) {
                            dot += q[((bi * h + hi) * t + ti) * d + di] * k[((bi * h + hi) * s + si) * d + di];
                        }
                        sc[si] = dot * scale + mask[(bi * t + ti) * s + si];
                        max = Math.max(max, sc[si]);
                    }
                    double z = 0;
                    for (int si = 0; si < s; si++) {
                        sc[si] = Math.exp(sc[si] - max);
                        z += sc[si];
                    }
                    for (int si = 0; si < s; si++) {
                        assertEquals(sc[si] / z, probs[((bi * h + hi) * t + ti) * s + si], 1e-5);
                    }
                    for (int di = 0; di < d; di++) {
                        double acc = 0;
                        for (int si = 0; si < s; si++) {
                            acc += sc[si] / z * v[((bi * h + hi) * s + si) * d + di];
                        }
                        assertEquals(acc, out[((bi * h + hi) * t + ti) * d + di], 1e-4);
                    }
                }
            }
        }
    }

    @Test
    void repeatKvMapsKvHeadJToQueryHeadsJTimesGroups() {
        float[] kv = {10, 20}; // (1, 2, 1, 1): two kv heads
        float[] rep = EagerAttention.repeatKv(m.create(kv, new Shape(1, 2, 1, 1)), 3).toFloatArray();
        assertEquals(6, rep.length);
        float[] expected = {10, 10, 10, 20, 20, 20};
        for (int i = 0; i < 6; i++) {
            assertEquals(expected[i], rep[i]);
        }
    }

    @Test
    void ropePreservesNormsAndRotatesHalvesAsTransformersDoes() {
        int hd = 8;
        RotaryEmbedding rope = new RotaryEmbedding(hd, 10000, 1.0);
        long[][] pos = {{0, 1, 7, 300}};
        NDList cs = rope.cosSin(pos, m);
        float[] x = randn(4 * hd);
        NDArray xs = m.create(x, new Shape(1, 1, 4, hd));
        float[] y = RotaryEmbedding.apply(xs, cs.get(0), cs.get(1)).toFloatArray();
        for (int t = 0; t < 4; t++) {
            double nx = 0, ny = 0;
            for (int i = 0; i < hd; i++) {
                nx += x[t * hd + i] * x[t * hd + i];
                ny += y[t * hd + i] * y[t * hd + i];
            }
            assertEquals(Math.sqrt(nx), Math.sqrt(ny), 1e-4);
        }
        // position 0 is the identity; position p rotates the pair (i, i + hd/2) by p·θ_i
        for (int i = 0; i < hd; i++) {
            assertEquals(x[i], y[i], 1e-6);
        }
        int t = 2;
        for (int i = 0; i < hd / 2; i++) {
            double theta = 7 / Math.pow(10000, 2.0 * i / hd);
            double a = x[t * hd + i], b = x[t * hd + i + hd / 2];
            assertEquals(a * Math.cos(theta) - b * Math.sin(theta), y[t * hd + i], 1e-4);
            assertEquals(b * Math.cos(theta) + a * Math.sin(theta), y[t * hd + i + hd / 2], 1e-4);
        }
    }

    @Test
    void linearRopeScalingDividesPositionsByTheFactor() {
        RotaryEmbedding scaled = new RotaryEmbedding(8, 10000, 4.0);
        RotaryEmbedding plain = new RotaryEmbedding(8, 10000, 1.0);
        float[] a = scaled.cosSin(new long[][] {{8}}, m).get(0).toFloatArray();
        float[] b = plain.cosSin(new long[][] {{2}}, m).get(0).toFloatArray();
        for (int i = 0; i < a.length; i++) {
            assertEquals(b[i], a[i], 1e-6);
        }
    }

    @Test
    void activationsMatchTheirFormulas() {
        NDArray x = m.create(new float[] {-2f, -0.5f, 0f, 1f, 3f});
        float[] gelu = Activations.gelu(x).toFloatArray();
        float[] quick = Activations.quickGelu(x).toFloatArray();
        float[] silu = Activations.silu(x).toFloatArray();
        float[] xs = x.toFloatArray();
        // exact GELU reference values x·Φ(x)
        double[] geluRef = {-0.04550026, -0.15426877, 0, 0.84134475, 2.99595031};
        for (int i = 0; i < xs.length; i++) {
            assertEquals(geluRef[i], gelu[i], 1e-5, "gelu is the erf form, not the tanh approximation");
            assertEquals(xs[i] / (1 + Math.exp(-1.702 * xs[i])), quick[i], 1e-5);
            assertEquals(xs[i] / (1 + Math.exp(-xs[i])), silu[i], 1e-5);
        }
    }

    @Test
    void rmsNormMatchesFormula() {
        float[] x = randn(2 * 6);
        float[] w = randn(6);
        float[] y = new RmsNorm(m.create(w), 1e-6).forward(m.create(x, new Shape(2, 6))).toFloatArray();
        for (int row = 0; row < 2; row++) {
            double ms = 0;
            for (int i = 0; i < 6; i++) {
                ms += x[row * 6 + i] * x[row * 6 + i] / 6.0;
            }
            for (int i = 0; i < 6; i++) {
                assertEquals(w[i] * x[row * 6 + i] / Math.sqrt(ms + 1e-6), y[row * 6 + i], 1e-5);
            }
        }
    }

    @Test
    void linearUsesPyTorchOutInLayout() {
        float[] w = {1, 2, 3, 4, 5, 6}; // (out 2, in 3)
        float[] y = new Linear(m.create(w, new Shape(2, 3)), m.create(new float[] {10, 20}))
                .forward(m.create(new float[] {1, 0, -1}, new Shape(1, 3))).toFloatArray();
        assertEquals(1 - 3 + 10, y[0], 1e-6);
        assertEquals(4 - 6 + 20, y[1], 1e-6);
    }
}
