package dev.lvlmserve.pruning.width;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import dev.lvlmserve.model.llama.LayerShape;
import dev.lvlmserve.model.llama.LlamaModel;
import dev.lvlmserve.model.llava.LlavaModel;
import dev.lvlmserve.pruning.calibration.CalibrationStats;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Gradient-free importance: for each input channel c of {@code o_proj} and {@code down_proj}, ‖X_c‖₂ over every
 * calibration token times Σ_j |W_jc| — Wanda's |W_jc|·‖X_c‖ summed over the weights that read the channel. A head
 * scores the sum over its head_dim channels, a neuron its one channel; a key/value head has no channel of its own
 * and scores 0 (in {@code groups} mode its group scores its query heads).
 */
public final class ActivationImportance {
    private ActivationImportance() {}

    /** @param stats a calibration pass with {@code channelLayers} covering {@code layers} */
    public static Map<Integer, UnitScores> scores(LlavaModel model, CalibrationStats stats, List<Integer> layers) {
        int hd = model.config().textConfig().headDim();
        Map<Integer, LayerShape> shapes = new LinkedHashMap<>();
        model.layerShapes().forEach(s -> shapes.put(s.layerId(), s));
        Map<Integer, UnitScores> out = new LinkedHashMap<>();
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            for (int id : layers) {
                double[][] norms = stats.channelNorms(id);
                if (norms == null) {
                    throw new IllegalStateException("layer " + id + "'s channels were not captured");
                }
                String p = LlamaModel.PREFIX + ".layers." + id;
                double[] attn = weighted(norms[0], columnAbsSums(model, p + ".self_attn.o_proj.weight"));
                double[] mlp = weighted(norms[1], columnAbsSums(model, p + ".mlp.down_proj.weight"));
                LayerShape s = shapes.get(id);
                double[] heads = new double[s.heads()];
                for (int c = 0; c < attn.length; c++) {
                    heads[c / hd] += attn[c];
                }
                out.put(id, new UnitScores(heads, new double[s.kvHeads()], mlp));
            }
        }
        return out;
    }

    private static double[] columnAbsSums(LlavaModel model, String key) {
        NDArray w = model.weights().require(key); // (D, C)
        return w.toType(DataType.FLOAT64, false).abs().sum(new int[] {0}).toDoubleArray();
    }

    private static double[] weighted(double[] norms, double[] colAbs) {
        if (norms.length != colAbs.length) {
            throw new IllegalStateException(norms.length + " channel norms for " + colAbs.length + " columns");
        }
        double[] out = new double[norms.length];
        for (int c = 0; c < out.length; c++) {
            out[c] = norms[c] * colAbs[c];
        }
        return out;
    }
}
