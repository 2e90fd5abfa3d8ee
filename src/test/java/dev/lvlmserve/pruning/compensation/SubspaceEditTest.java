package dev.lvlmserve.pruning.compensation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.lvlmserve.model.Djl;
import dev.lvlmserve.model.llama.LlamaModel;
import dev.lvlmserve.model.nn.WeightMap;
import dev.lvlmserve.model.recipe.LowRankDelta;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;

class SubspaceEditTest {
    static final int D = 6;
    static final String L = LlamaModel.PREFIX + ".layers.3.";

    static Subspace subspace(long seed) {
        DMatrixRMaj v = Orthonormal.columns(D, 2, seed);
        return new Subspace(D, new double[] {2, 1}, v.data.clone(), 10);
    }

    /** I + V Vᵀ built explicitly (what the edit must equal without forming it). */
    static DMatrixRMaj p(Subspace s) {
        DMatrixRMaj p = CommonOps_DDRM.identity(D);
        CommonOps_DDRM.addEquals(p, s.projector());
        return p;
    }

    static DMatrixRMaj matrix(NDArray a) {
        Shape s = a.getShape();
        return new DMatrixRMaj((int) s.get(0), (int) s.get(1), true, a.toType(DataType.FLOAT64,
                false).toDoubleArray());
    }

    static void assertClose(DMatrixRMaj expected, DMatrixRMaj actual) {
        assertArrayEquals(expected.data, actual.data, 1e-5);
    }

    /** W + B·A for the edit's {@code i}-th delta. */
    static NDArray applied(NDArray w, SubspaceEdit.Edit e, int i) {
        LowRankDelta d = e.deltas().get(i);
        return w.add(e.tensors().get(d.bKey()).matMul(e.tensors().get(d.aKey())));
    }

    @Test
    void outputSideIsPTimesWAndInputSideIsWTimesP() {
        Subspace s = subspace(1);
        try (NDManager m = Djl.newManager()) {
            NDArray v = m.create(s.basis(), new Shape(D, 2));
            NDArray wOut = m.randomNormal(new Shape(D, 4)); // (out = D, in)
            NDArray wIn = m.randomNormal(new Shape(5, D)); // (out, in = D)
            assertClose(CommonOps_DDRM.mult(p(s), matrix(wOut), null), matrix(SubspaceEdit.leftMultiply(wOut, v)));
            assertClose(CommonOps_DDRM.mult(matrix(wIn), p(s), null), matrix(SubspaceEdit.rightMultiply(wIn, v)));
        }
    }

    @Test
    void eachTargetEditsItsOwnWeightsOnItsOwnSide() {
        Subspace s = subspace(2);
        try (NDManager m = Djl.newManager(); NDManager owner = Djl.newManager()) {
            Map<String, NDArray> w = new LinkedHashMap<>();
            for (String mod : new String[] {"self_attn.q_proj", "self_attn.k_proj", "self_attn.v_proj",
                "mlp.gate_proj", "mlp.up_proj"}) {
                w.put(L + mod + ".weight", m.randomNormal(new Shape(8, D)));
            }
            w.put(L + "self_attn.o_proj.weight", m.randomNormal(new Shape(D, 8)));
            w.put(L + "mlp.down_proj.weight", m.randomNormal(new Shape(D, 8)));
            w.put(L + "mlp.down_proj.bias", m.randomNormal(new Shape(D)));
            WeightMap weights = new WeightMap(w);

            SubspaceEdit.Edit down = SubspaceEdit.edits(weights, 3, ScpTarget.MLP_DOWN_OUTPUT, s, owner);
            assertEquals(List.of(L + "mlp.down_proj.weight"), down.deltas().stream().map(LowRankDelta::target)
                    .toList());
            assertEquals(List.of(L + "mlp.down_proj.bias"), down.replacements());
            assertEquals(2, down.deltas().getFirst().rank());
            assertClose(CommonOps_DDRM.mult(p(s), matrix(w.get(L + "mlp.down_proj.weight")), null),
                    matrix(applied(w.get(L + "mlp.down_proj.weight"), down, 0)));
            assertClose(CommonOps_DDRM.mult(p(s), matrix(w.get(L + "mlp.down_proj.bias").reshape(D, 1)), null),
                    matrix(down.tensors().get(L + "mlp.down_proj.bias").reshape(D, 1)));
            down.tensors().values().forEach(a -> assertSame(owner, a.getManager()));
            // the factors are the low-rank form: B = V_k (D, k), A = V_kᵀW (k, in)
            assertEquals(new Shape(D, 2), down.tensors().get(down.deltas().getFirst().bKey()).getShape());
            assertEquals(new Shape(2, 8), down.tensors().get(down.deltas().getFirst().aKey()).getShape());

            SubspaceEdit.Edit out = SubspaceEdit.edits(weights, 3, ScpTarget.ATTN_OUT_OUTPUT, s, owner);
            assertEquals(List.of(L + "self_attn.o_proj.weight"), out.deltas().stream().map(LowRankDelta::target)
                    .toList());
            assertTrue(out.replacements().isEmpty());

            SubspaceEdit.Edit in = SubspaceEdit.edits(weights, 3, ScpTarget.INPUT_SIDE, s, owner);
            assertEquals(5, in.deltas().size());
            String q = L + "self_attn.q_proj.weight";
            assertClose(CommonOps_DDRM.mult(matrix(w.get(q)), p(s), null), matrix(applied(w.get(q), in, 0)));
            assertTrue(SubspaceEdit.edits(weights, 3, ScpTarget.INPUT_SIDE, Subspace.empty(D, 4), owner).isEmpty());
        }
    }
}
