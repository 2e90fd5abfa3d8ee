package dev.lvlmserve.pruning.width;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import dev.lvlmserve.model.Djl;
import dev.lvlmserve.model.TinyModels;
import dev.lvlmserve.model.config.LlavaConfig;
import dev.lvlmserve.model.config.TextConfig;
import dev.lvlmserve.model.config.VisionConfig;
import dev.lvlmserve.model.llama.LlamaModel;
import dev.lvlmserve.model.llava.LlavaModel;
import dev.lvlmserve.model.llava.RandomWeights;
import dev.lvlmserve.model.nn.WeightMap;
import dev.lvlmserve.pruning.Cancellation;
import dev.lvlmserve.pruning.ProgressListener;
import dev.lvlmserve.pruning.calibration.CalibrationSample;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Taylor importance against its definition: Σ |w · ∂L/∂w| over a unit's weights, with ∂L/∂w estimated by central
 * finite differences of the plain (no-gradient) answer loss, element by element, on a model small enough to do it.
 */
class TaylorImportanceTest {
    /** hidden 16, 4 query heads over 2 key/value heads of size 4, 16 neurons, 2 layers. */
    static final LlavaConfig CONFIG = new LlavaConfig(
            new TextConfig("llama", TinyModels.VOCAB, 16, 16, 2, 4, 2, 0, "silu", 256, 1e-6, 10000.0, 1.0, false,
                    false, false, 1, 2, 0),
            new VisionConfig(16, 32, 2, 2, 3, 16, 4, "quick_gelu", 1e-5, 16), TinyModels.IMAGE_TOKEN, "gelu",
            List.of(-2), "default", true, false);
    static final String L1 = LlamaModel.PREFIX + ".layers.1.";

    static LlavaModel model() {
        NDManager m = Djl.newManager();
        return LlavaModel.full(CONFIG, new WeightMap(RandomWeights.generate(CONFIG, 21, 0.3, m)), m);
    }

    static List<CalibrationSample> samples() {
        List<CalibrationSample> out = new ArrayList<>();
        SplittableRandom r = new SplittableRandom(5);
        for (int s = 0; s < 2; s++) {
            List<Long> ids = new ArrayList<>(List.of(1L, 7L));
            for (int i = 0; i < CONFIG.imageSeqLength(); i++) {
                ids.add(TinyModels.IMAGE_TOKEN);
            }
            for (int i = 0; i < 4; i++) {
                ids.add(3L + r.nextInt(50));
            }
            float[] px = new float[3 * 16 * 16];
            for (int i = 0; i < px.length; i++) {
                px[i] = (float) r.nextGaussian();
            }
            out.add(new CalibrationSample(ids.stream().mapToLong(Long::longValue).toArray(), px, "s" + s, 2));
        }
        return out;
    }

    /** Σ |w_e · (L(w_e + ε) − L(w_e − ε)) / 2ε| over the given elements of {@code key}. */
    static double finiteDifference(LlavaModel model, List<CalibrationSample> samples, String key, int[][] elements) {
        NDArray w = model.weights().require(key);
        double eps = 1e-2;
        double sum = 0;
        for (int[] e : elements) {
            NDIndex at = new NDIndex(e[0], e[1]);
            float v = w.getFloat(e[0], e[1]);
            w.set(at, v + (float) eps);
            double up = AnswerLoss.mean(model, samples);
            w.set(at, v - (float) eps);
            double down = AnswerLoss.mean(model, samples);
            w.set(at, v);
            sum += Math.abs(v * (up - down) / (2 * eps));
        }
        return sum;
    }

    static int[][] block(int rowFrom, int rowTo, int colFrom, int colTo) {
        List<int[]> out = new ArrayList<>();
        for (int r = rowFrom; r < rowTo; r++) {
            for (int c = colFrom; c < colTo; c++) {
                out.add(new int[] {r, c});
            }
        }
        return out.toArray(int[][]::new);
    }

    @Test
    void taylorImportanceEqualsAFiniteDifferenceEstimate() {
        List<CalibrationSample> samples = samples();
        try (LlavaModel model = model()) {
            Map<Integer, UnitScores> scores = TaylorImportance.scores(model, samples, List.of(1), 1L << 30,
                    ProgressListener.NONE, Cancellation.NEVER);
            UnitScores u = scores.get(1);
            int h = 2; // query head 2: q_proj rows 8..11, o_proj columns 8..11
            double head = finiteDifference(model, samples, L1 + "self_attn.q_proj.weight", block(8, 12, 0, 16))
                    + finiteDifference(model, samples, L1 + "self_attn.o_proj.weight", block(0, 16, 8, 12));
            int g = 1; // key/value head 1: k_proj and v_proj rows 4..7
            double kv = finiteDifference(model, samples, L1 + "self_attn.k_proj.weight", block(4, 8, 0, 16))
                    + finiteDifference(model, samples, L1 + "self_attn.v_proj.weight", block(4, 8, 0, 16));
            int n = 5; // neuron 5: gate and up row 5, down column 5
            double neuron = finiteDifference(model, samples, L1 + "mlp.gate_proj.weight", block(5, 6, 0, 16))
                    + finiteDifference(model, samples, L1 + "mlp.up_proj.weight", block(5, 6, 0, 16))
                    + finiteDifference(model, samples, L1 + "mlp.down_proj.weight", block(0, 16, 5, 6));
            assertTrue(head > 1e-4 && kv > 1e-4 && neuron > 1e-4, "the units matter: " + head + " " + kv + " "
                    + neuron);
            assertEquals(head, u.heads()[h], 0.002 * head);
            assertEquals(kv, u.kvHeads()[g], 0.002 * kv);
            assertEquals(neuron, u.neurons()[n], 0.002 * neuron);
        }
    }

    @Test
    void gradientsNeverReachTheBaseAndChunkingChangesNothing() {
        List<CalibrationSample> samples = samples();
        try (LlavaModel model = model()) {
            Map<String, float[]> before = new java.util.LinkedHashMap<>();
            model.weights().asMap().forEach((k, v) -> before.put(k, v.toFloatArray()));
            Map<Integer, UnitScores> one = TaylorImportance.scores(model, samples, List.of(0, 1), 1L << 30,
                    ProgressListener.NONE, Cancellation.NEVER);
            Map<Integer, UnitScores> chunked = TaylorImportance.scores(model, samples, List.of(0, 1), 1,
                    ProgressListener.NONE, Cancellation.NEVER); // one layer per chunk
            model.weights().asMap().forEach((k, v) -> {
                assertFalse(v.hasGradient(), k + " got a gradient");
                assertArrayEquals(before.get(k), v.toFloatArray(), k);
            });
            for (int layer : List.of(0, 1)) {
                assertArrayEquals(one.get(layer).heads(), chunked.get(layer).heads(), 1e-9);
                assertArrayEquals(one.get(layer).neurons(), chunked.get(layer).neurons(), 1e-9);
            }
            List<CalibrationSample> unanswered = List.of(new CalibrationSample(samples.getFirst().promptIds(),
                    samples.getFirst().pixelValues(), "q"));
            String m = assertThrows(IllegalArgumentException.class, () -> TaylorImportance.scores(model, unanswered,
                    List.of(1), 1L << 30, ProgressListener.NONE, Cancellation.NEVER)).getMessage();
            assertTrue(m.contains("no answer"), m);
        }
    }
}
