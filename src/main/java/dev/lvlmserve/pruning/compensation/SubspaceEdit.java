package dev.lvlmserve.pruning.compensation;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.lvlmserve.model.llama.LlamaModel;
import dev.lvlmserve.model.nn.WeightMap;
import dev.lvlmserve.model.recipe.LowRankDelta;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Paper Eq. 10, W ← (I + V_k V_kᵀ) W, as the rank-k delta it is: P·W = W + V (Vᵀ W), so B = V_k (D, k) and
 * A = V_kᵀ W (k, in); on the input side W·P = W + (W V) Vᵀ, so B = W·V_k (out, k) and A = V_kᵀ (k, D). The D×D
 * matrix is never formed, the products run in float64 on the weights' device, and the factors are cast to the
 * weight's dtype. An output-side bias is small and is replaced whole (P·b).
 */
public final class SubspaceEdit {
    /** SCP's deltas on one retained layer, the factor tensors by recipe key, and the biases replaced whole. */
    public record Edit(List<LowRankDelta> deltas, Map<String, NDArray> tensors, List<String> replacements) {
        public boolean isEmpty() {
            return deltas.isEmpty();
        }
    }

    private SubspaceEdit() {}

    /** P·W for W (D, in); {@code v} is V_k (D, k). The slow, obvious twin of the factored form. */
    public static NDArray leftMultiply(NDArray w, NDArray v) {
        NDArray w64 = w.toType(DataType.FLOAT64, false);
        NDArray v64 = v.toType(DataType.FLOAT64, false);
        return w64.add(v64.matMul(v64.transpose().matMul(w64))).toType(w.getDataType(), false);
    }

    /** W·P for W (out, D); {@code v} is V_k (D, k). */
    public static NDArray rightMultiply(NDArray w, NDArray v) {
        NDArray w64 = w.toType(DataType.FLOAT64, false);
        NDArray v64 = v.toType(DataType.FLOAT64, false);
        return w64.add(w64.matMul(v64).matMul(v64.transpose())).toType(w.getDataType(), false);
    }

    /**
     * The edit of retained layer {@code layer}, its tensors allocated in {@code owner}; nothing else is allocated past
     * this call. Empty when the subspace is empty (P = I: nothing to add).
     */
    public static Edit edits(WeightMap weights, int layer, ScpTarget target, Subspace subspace, NDManager owner) {
        List<LowRankDelta> deltas = new ArrayList<>();
        Map<String, NDArray> tensors = new LinkedHashMap<>();
        List<String> replacements = new ArrayList<>();
        if (subspace.rank() == 0) {
            return new Edit(deltas, tensors, replacements);
        }
        int k = subspace.rank();
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDArray v64 = owner.create(subspace.basis(), new Shape(subspace.dim(), k)); // (D, k), float64
            for (String module : target.modules()) {
                String prefix = LlamaModel.PREFIX + ".layers." + layer + "." + module;
                NDArray w = weights.require(prefix + ".weight");
                long side = w.getShape().get(target.outputSide() ? 0 : 1);
                if (side != subspace.dim()) {
                    throw new IllegalArgumentException(prefix + ".weight " + w.getShape() + " does not have the"
                            + " subspace's dimension " + subspace.dim() + " on the " + (target.outputSide()
                                    ? "output" : "input") + " side");
                }
                NDArray w64 = w.toType(DataType.FLOAT64, false);
                NDArray a = target.outputSide() ? v64.transpose().matMul(w64) : v64.transpose(); // (k, in)
                NDArray b = target.outputSide() ? v64 : w64.matMul(v64); // (out, k)
                LowRankDelta d = new LowRankDelta("scp." + layer + "." + module, prefix + ".weight", k, 1.0, "scp");
                deltas.add(d);
                tensors.put(d.aKey(), keep(a.toType(w.getDataType(), false), owner));
                tensors.put(d.bKey(), keep(b.toType(w.getDataType(), false), owner));
                NDArray bias = weights.optional(prefix + ".bias");
                if (bias != null && target.outputSide()) { // P·(Wx + b): the bias lives in the residual stream too
                    NDArray edited = leftMultiply(bias.reshape(subspace.dim(), 1), v64).reshape(subspace.dim());
                    tensors.put(prefix + ".bias", keep(edited, owner));
                    replacements.add(prefix + ".bias");
                }
            }
        }
        return new Edit(deltas, tensors, replacements);
    }

    private static NDArray keep(NDArray a, NDManager owner) {
        NDScope.unregister(a);
        a.attach(owner);
        return a;
    }
}
