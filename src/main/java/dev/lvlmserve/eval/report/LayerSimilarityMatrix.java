package dev.lvlmserve.eval.report;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import dev.lvlmserve.model.generate.ForwardObserver;
import dev.lvlmserve.model.generate.ObserverSite;
import dev.lvlmserve.model.llava.LlavaModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * The paper's Fig. 4: cosine similarity between the hidden states of every pair of decoder layers (layer outputs,
 * pre-norm; index 0 is the first layer's input), averaged over tokens and samples. Each layer's (T, D) state is
 * normalised once per token, then every pair is one dot product, so the cost is L² · T · D per sample.
 */
public final class LayerSimilarityMatrix {
    private LayerSimilarityMatrix() {}

    /** (L + 1) × (L + 1) matrix for the samples given as (prompt ids, image features N·D floats). */
    public static double[][] compute(LlavaModel model, List<long[]> prompts, List<float[]> imageFeatures) {
        int layers = model.languageModel().layers().size();
        double[][] sum = new double[layers + 1][layers + 1];
        for (int s = 0; s < prompts.size(); s++) {
            List<float[][]> states = hiddenStates(model, prompts.get(s), imageFeatures.get(s));
            for (int i = 0; i <= layers; i++) {
                for (int j = i; j <= layers; j++) {
                    double c = meanTokenCosine(states.get(i), states.get(j));
                    sum[i][j] += c;
                    sum[j][i] = sum[i][j];
                }
            }
        }
        for (double[] row : sum) {
            for (int j = 0; j < row.length; j++) {
                row[j] /= prompts.size();
            }
        }
        return sum;
    }

    /** Unit-normalised per-token rows of the first layer's input and every layer's output. */
    private static List<float[][]> hiddenStates(LlavaModel model, long[] ids, float[] features) {
        List<float[][]> out = new ArrayList<>();
        ForwardObserver capture = new ForwardObserver() {
            @Override
            public Set<ObserverSite> sites() {
                return Set.of(ObserverSite.LAYER_INPUT, ObserverSite.LAYER_OUTPUT);
            }

            @Override
            public void observe(ObserverSite site, int layer, NDArray value) {
                if (site == ObserverSite.LAYER_INPUT && !out.isEmpty()) {
                    return; // only the very first input; later inputs equal the previous outputs
                }
                out.add(unitRows(value));
            }
        };
        try (NDManager m = model.manager().newSubManager();
                NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            long[][] attention = {new long[ids.length]};
            Arrays.fill(attention[0], 1);
            int n = model.config().imageSeqLength();
            int d = model.config().textConfig().hiddenSize();
            NDArray f = features == null ? null : m.create(features, new ai.djl.ndarray.types.Shape(1, n, d));
            model.languageModel().forward(model.inputsEmbeds(new long[][] {ids}, f, m), attention, null, capture);
        }
        return out;
    }

    private static float[][] unitRows(NDArray value) { // (1, T, D)
        long t = value.getShape().get(1);
        int d = (int) value.getShape().get(2);
        float[] flat = value.toFloatArray();
        float[][] rows = new float[(int) t][d];
        for (int i = 0; i < t; i++) {
            double norm = 0;
            for (int k = 0; k < d; k++) {
                norm += (double) flat[i * d + k] * flat[i * d + k];
            }
            double inv = norm == 0 ? 0 : 1 / Math.sqrt(norm);
            for (int k = 0; k < d; k++) {
                rows[i][k] = (float) (flat[i * d + k] * inv);
            }
        }
        return rows;
    }

    static double meanTokenCosine(float[][] a, float[][] b) {
        double total = 0;
        for (int i = 0; i < a.length; i++) {
            double dot = 0;
            for (int k = 0; k < a[i].length; k++) {
                dot += a[i][k] * b[i][k];
            }
            total += dot;
        }
        return total / a.length;
    }
}
