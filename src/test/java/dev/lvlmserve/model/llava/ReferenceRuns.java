package dev.lvlmserve.model.llava;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.lvlmserve.model.TinyModels;
import dev.lvlmserve.model.config.LlavaConfig;
import dev.lvlmserve.model.generate.ForwardObserver;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/** Inputs and comparisons shared by the tests that run the runtime against {@link ReferenceLlava}. */
final class ReferenceRuns {
    /** Allowed |runtime − reference| relative to the largest |logit| (float32 against double). */
    static final double TOLERANCE = 2e-5;

    private ReferenceRuns() {}

    static long[] ones(int n) {
        long[] a = new long[n];
        Arrays.fill(a, 1);
        return a;
    }

    /** BOS, two words, the image positions, eight words: longer than the windows tested. */
    static long[] prompt(LlavaConfig c) {
        int n = c.imageSeqLength();
        long[] ids = new long[3 + n + 8];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = i == 0 ? 1 : i >= 3 && i < 3 + n ? TinyModels.IMAGE_TOKEN : 3 + (i * 7) % 50;
        }
        return ids;
    }

    static float[] pixels(LlavaConfig c, long seed) {
        int size = c.visionConfig().imageSize();
        SplittableRandom r = new SplittableRandom(seed);
        float[] px = new float[3 * size * size];
        for (int i = 0; i < px.length; i++) {
            px[i] = (float) r.nextGaussian();
        }
        return px;
    }

    /** All positions' logits, flattened (T·V), from the runtime without a cache. */
    static float[] runtimeLogits(LlavaModel model, long[] ids, float[] px) {
        try (NDManager m = model.manager().newSubManager()) {
            int size = model.config().visionConfig().imageSize();
            NDArray feats = model.imageFeatures(m.create(px, new Shape(1, 3, size, size)), ForwardObserver.NONE);
            NDArray h = model.languageModel().forward(model.inputsEmbeds(new long[][] {ids}, feats, m),
                    new long[][] {ones(ids.length)}, null, ForwardObserver.NONE);
            return model.logits(h).toFloatArray();
        }
    }

    static Map<String, float[]> floats(Map<String, NDArray> w) {
        Map<String, float[]> out = new LinkedHashMap<>();
        w.forEach((k, v) -> out.put(k, v.toFloatArray()));
        return out;
    }

    static float[] flatten(double[][] x) {
        float[] out = new float[x.length * x[0].length];
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < x[i].length; j++) {
                out[i * x[0].length + j] = (float) x[i][j];
            }
        }
        return out;
    }

    static double maxAbs(double[][] x) {
        double m = 0;
        for (double[] r : x) {
            for (double v : r) {
                m = Math.max(m, Math.abs(v));
            }
        }
        return m;
    }

    static double maxDiff(double[][] want, float[] got) {
        assertEquals(want.length * want[0].length, got.length, "logit count");
        double m = 0;
        for (int i = 0; i < want.length; i++) {
            for (int j = 0; j < want[i].length; j++) {
                m = Math.max(m, Math.abs(want[i][j] - got[i * want[i].length + j]));
            }
        }
        return m;
    }
}
