package dev.lvlmserve.pruning.compensation;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * The top-k right singular subspace of a feature-gap matrix: V_k (D×k, orthonormal columns, row-major) and its
 * singular values, descending. k = 0 is the empty subspace: P = I, no edit.
 *
 * @param dim D, the hidden size
 * @param singularValues σ_1 ≥ … ≥ σ_k
 * @param basis V_k row-major, {@code basis[i·k + j]} = component i of singular vector j
 * @param rows how many rows H had (samples, or stacked token rows)
 */
public record Subspace(int dim, double[] singularValues, double[] basis, int rows) {
    public Subspace {
        if (basis.length != (long) dim * singularValues.length) {
            throw new IllegalArgumentException("basis has " + basis.length + " entries, expected " + dim + "×"
                    + singularValues.length);
        }
    }

    public static Subspace empty(int dim, int rows) {
        return new Subspace(dim, new double[0], new double[0], rows);
    }

    public int rank() {
        return singularValues.length;
    }

    /** V_k as a D×k matrix. */
    public DMatrixRMaj basisMatrix() {
        return new DMatrixRMaj(dim, rank(), true, basis);
    }

    /** The projector V_k V_kᵀ (D×D); for tests and small D. */
    public DMatrixRMaj projector() {
        DMatrixRMaj v = basisMatrix();
        DMatrixRMaj p = new DMatrixRMaj(dim, dim);
        CommonOps_DDRM.multTransB(v, v, p);
        return p;
    }
}
