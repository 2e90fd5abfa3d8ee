package dev.lvlmserve.pruning.compensation;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.lvlmserve.model.llama.LlamaModel;
import dev.lvlmserve.model.nn.WeightMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Paper Eq. 10: W ← (I + V_k V_kᵀ) W, without ever forming the D×D matrix: P·W = W + V (Vᵀ W) and W·P = W + (W V) Vᵀ,
 * each in float64 and cast back to the weight's dtype. Runs on the weights' device (DJL), since the matrices are
 * large (down_proj is 4096×11008 in LLaVA-1.5-7B).
 */
public final class SubspaceEdit {
    private SubspaceEdit() {}

    /** P·W for W (D, in); {@code v} is V_k (D, k). */
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
     * The replacement tensors for retained layer {@code layer} (canonical keys), allocated in {@code owner}; nothing
     * else is allocated past this call. Empty when the subspace is empty (P = I: sharing beats copying).
     */
    public static Map<String, NDArray> edits(WeightMap weights, int layer, ScpTarget target, Subspace subspace,
            NDManager owner) {
        Map<String, NDArray> out = new LinkedHashMap<>();
        if (subspace.rank() == 0) {
            return out;
        }
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDArray v = owner.create(subspace.basis(), new Shape(subspace.dim(), subspace.rank())); // (D, k)
            for (String module : target.modules()) {
                String prefix = LlamaModel.PREFIX + ".layers." + layer + "." + module;
                NDArray w = weights.require(prefix + ".weight");
                long side = w.getShape().get(target.outputSide() ? 0 : 1);
                if (side != subspace.dim()) {
                    throw new IllegalArgumentException(prefix + ".weight " + w.getShape() + " does not have the"
                            + " subspace's dimension " + subspace.dim() + " on the " + (target.outputSide()
                                    ? "output" : "input") + " side");
                }
                out.put(prefix + ".weight", keep(target.outputSide() ? leftMultiply(w, v) : rightMultiply(w, v),
                        owner));
                NDArray bias = weights.optional(prefix + ".bias");
                if (bias != null && target.outputSide()) { // P·(Wx + b): the bias lives in the residual stream too
                    NDArray edited = leftMultiply(bias.reshape(subspace.dim(), 1), v).reshape(subspace.dim());
                    out.put(prefix + ".bias", keep(edited, owner));
                }
            }
        }
        return out;
    }

    private static NDArray keep(NDArray a, NDManager owner) {
        NDScope.unregister(a);
        a.attach(owner);
        return a;
    }
}
