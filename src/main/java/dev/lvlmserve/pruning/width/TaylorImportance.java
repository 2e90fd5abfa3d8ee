package dev.lvlmserve.pruning.width;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import dev.lvlmserve.model.Autograd;
import dev.lvlmserve.model.llama.LayerShape;
import dev.lvlmserve.model.llama.LlamaModel;
import dev.lvlmserve.model.llava.LlavaModel;
import dev.lvlmserve.model.recipe.RecipeTensors;
import dev.lvlmserve.model.recipe.VariantRecipe;
import dev.lvlmserve.pruning.Cancellation;
import dev.lvlmserve.pruning.ProgressListener;
import dev.lvlmserve.pruning.calibration.CalibrationSample;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * First-order Taylor importance (the study's criterion, LLM-Pruner's {@code param_first}): g = ∂L/∂w with L the
 * answer-token cross-entropy averaged over the calibration samples, and a unit's score Σ |w·g| over every weight it
 * owns. Gradients never touch the base: the narrowed layers' linear weights are copied into a scratch manager, the
 * copies alone require gradients, and a model derived with the copies in place (sharing everything else) runs the
 * forward and backward passes. Layers are scored in chunks whose copies and gradients fit {@code budgetBytes}; each
 * chunk is one pass over the samples, so memory stays bounded for a 7B model too.
 */
public final class TaylorImportance {
    private static final String[] MODULES = {"self_attn.q_proj", "self_attn.k_proj", "self_attn.v_proj",
        "self_attn.o_proj", "mlp.gate_proj", "mlp.up_proj", "mlp.down_proj"};

    private TaylorImportance() {}

    public static Map<Integer, UnitScores> scores(LlavaModel model, List<CalibrationSample> samples,
            List<Integer> layers, long budgetBytes, ProgressListener progress, BooleanSupplier cancelled) {
        Autograd.requireFloat32(model, "width-taylor");
        for (CalibrationSample s : samples) {
            if (s.answerLength() == 0) {
                throw new IllegalArgumentException("width-taylor scores answer tokens, but calibration sample '"
                        + s.id() + "' has no answer");
            }
        }
        Map<Integer, UnitScores> out = new LinkedHashMap<>();
        List<List<Integer>> chunks = chunks(model, layers, budgetBytes);
        long total = (long) chunks.size() * samples.size();
        long done = 0;
        for (List<Integer> chunk : chunks) {
            try (NDManager scratch = model.manager().newSubManager()) {
                Map<String, NDArray> copies = copies(model, chunk, scratch);
                VariantRecipe swap = VariantRecipe.empty(new VariantRecipe.Base("taylor", null,
                        model.languageModel().layerIds().size())).withReplacements(List.copyOf(copies.keySet()));
                try (LlavaModel g = model.derive(swap, RecipeTensors.borrowed(copies))) {
                    try (GradientCollector collector = Engine.getEngine("PyTorch").newGradientCollector()) {
                        for (CalibrationSample s : samples) {
                            Cancellation.check(cancelled, "importance");
                            try (NDScope scope = new NDScope()) {
                                scope.suppressNotUsedWarning();
                                collector.backward(AnswerLoss.of(g, s, 1.0 / samples.size())); // grads accumulate
                            }
                            progress.onProgress("importance", ++done, total);
                        }
                    }
                }
                for (int id : chunk) {
                    out.put(id, layerScores(model, id, copies));
                }
            }
        }
        return out;
    }

    /** Consecutive layers whose copies plus gradients fit the budget (at least one layer each). */
    private static List<List<Integer>> chunks(LlavaModel model, List<Integer> layers, long budgetBytes) {
        List<List<Integer>> out = new ArrayList<>();
        List<Integer> current = new ArrayList<>();
        long bytes = 0;
        for (int id : layers) {
            long layer = 0;
            for (String m : MODULES) {
                NDArray w = model.weights().require(prefix(id, m) + ".weight");
                layer += 2 * w.size() * w.getDataType().getNumOfBytes(); // the copy and its gradient
            }
            if (!current.isEmpty() && bytes + layer > budgetBytes) {
                out.add(current);
                current = new ArrayList<>();
                bytes = 0;
            }
            current.add(id);
            bytes += layer;
        }
        if (!current.isEmpty()) {
            out.add(current);
        }
        return out;
    }

    private static Map<String, NDArray> copies(LlavaModel model, List<Integer> layers, NDManager scratch) {
        Map<String, NDArray> out = new LinkedHashMap<>();
        for (int id : layers) {
            for (String m : MODULES) {
                for (String part : new String[] {".weight", ".bias"}) {
                    NDArray w = model.weights().optional(prefix(id, m) + part);
                    if (w != null) {
                        NDArray copy = w.duplicate();
                        copy.attach(scratch);
                        copy.setRequiresGradient(true);
                        out.put(prefix(id, m) + part, copy);
                    }
                }
            }
        }
        return out;
    }

    /** Σ|w·g| per unit, from the copies' accumulated gradients (inside the scratch manager). */
    private static UnitScores layerScores(LlavaModel model, int id, Map<String, NDArray> copies) {
        LayerShape s = model.layerShapes().stream().filter(l -> l.layerId() == id).findFirst().orElseThrow();
        double[] heads = new double[s.heads()];
        double[] kv = new double[s.kvHeads()];
        double[] neurons = new double[s.intermediate()];
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            add(heads, rows(copies, prefix(id, "self_attn.q_proj"), s.heads()));
            add(heads, columns(copies.get(prefix(id, "self_attn.o_proj") + ".weight"), s.heads()));
            add(kv, rows(copies, prefix(id, "self_attn.k_proj"), s.kvHeads()));
            add(kv, rows(copies, prefix(id, "self_attn.v_proj"), s.kvHeads()));
            add(neurons, rows(copies, prefix(id, "mlp.gate_proj"), s.intermediate()));
            add(neurons, rows(copies, prefix(id, "mlp.up_proj"), s.intermediate()));
            add(neurons, columns(copies.get(prefix(id, "mlp.down_proj") + ".weight"), s.intermediate()));
        }
        return new UnitScores(heads, kv, neurons);
    }

    /** |w·g| of a row-owned module (weight and bias) summed into {@code units} equal blocks of rows. */
    private static double[] rows(Map<String, NDArray> copies, String module, int units) {
        double[] out = taylor(copies.get(module + ".weight")).reshape(units, -1).sum(new int[] {1}).toDoubleArray();
        NDArray bias = copies.get(module + ".bias");
        if (bias != null) {
            add(out, taylor(bias).reshape(units, -1).sum(new int[] {1}).toDoubleArray());
        }
        return out;
    }

    /** |w·g| of a column-owned weight (D, units·k) summed per block of columns. */
    private static double[] columns(NDArray w, int units) {
        long d = w.getShape().get(0);
        return taylor(w).reshape(d, units, -1).sum(new int[] {0, 2}).toDoubleArray();
    }

    private static NDArray taylor(NDArray w) {
        return w.toType(DataType.FLOAT64, false).mul(w.getGradient().toType(DataType.FLOAT64, false)).abs();
    }

    private static void add(double[] into, double[] more) {
        for (int i = 0; i < into.length; i++) {
            into[i] += more[i];
        }
    }

    private static String prefix(int layer, String module) {
        return LlamaModel.PREFIX + ".layers." + layer + "." + module;
    }
}
