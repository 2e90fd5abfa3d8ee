package dev.lvlmserve.pruning.compensation;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.SingularOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;

/**
 * Top-k right singular vectors of H = U Σ Vᵀ (paper Eq. 8–9) in float64 with EJML. k is clamped to the numerical
 * rank: a direction with σ at rounding level carries no gap, and amplifying it would only add noise.
 */
public final class SubspaceSvd {
    private static final double EPS = Math.ulp(1.0);

    private SubspaceSvd() {}

    public static Subspace topK(DMatrixRMaj h, int k, SvdStrategy strategy) {
        if (k < 0) {
            throw new IllegalArgumentException("rank must be ≥ 0, was " + k);
        }
        int n = h.numRows;
        int d = h.numCols;
        if (k == 0 || n == 0) {
            return Subspace.empty(d, n);
        }
        boolean gram = strategy == SvdStrategy.GRAM
                || (strategy == SvdStrategy.AUTO && (long) n * d > (1L << 20));
        return gram ? viaGram(h, k) : direct(h, k);
    }

    private static Subspace direct(DMatrixRMaj h, int k) {
        SingularValueDecomposition_F64<DMatrixRMaj> svd =
                DecompositionFactory_DDRM.svd(h.numRows, h.numCols, false, true, true);
        if (!svd.decompose(h.copy())) {
            throw new IllegalStateException("SVD of a " + h.numRows + "×" + h.numCols + " matrix did not converge");
        }
        double[] sigma = svd.getSingularValues();
        int m = svd.numberOfSingularValues();
        DMatrixRMaj v = svd.getV(null, false); // (D, m)
        SingularOps_DDRM.descendingOrder(null, false, sigma, m, v, false);
        double tol = sigma[0] * Math.max(h.numRows, h.numCols) * EPS; // numpy's matrix_rank tolerance
        return take(Arrays.copyOf(sigma, m), v, k, tol, h.numRows);
    }

    private static Subspace viaGram(DMatrixRMaj h, int k) {
        int n = h.numRows;
        int d = h.numCols;
        boolean rowSide = n <= d; // eigen-decompose the smaller Gram matrix
        DMatrixRMaj g = new DMatrixRMaj(rowSide ? n : d, rowSide ? n : d);
        if (rowSide) {
            CommonOps_DDRM.multTransB(h, h, g); // H Hᵀ = U Σ² Uᵀ
        } else {
            CommonOps_DDRM.multTransA(h, h, g); // Hᵀ H = V Σ² Vᵀ
        }
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(g.numRows, true, true);
        if (!eig.decompose(g)) {
            throw new IllegalStateException("eigen-decomposition of a " + g.numRows + "² Gram matrix failed");
        }
        Integer[] order = IntStream.range(0, g.numRows).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> eig.getEigenvalue(i).real).reversed());
        double[] sigma = new double[order.length];
        for (int j = 0; j < order.length; j++) {
            sigma[j] = Math.sqrt(Math.max(0, eig.getEigenvalue(order[j]).real));
        }
        int want = Math.min(k, order.length); // only the top k vectors are ever used
        DMatrixRMaj vectors = new DMatrixRMaj(d, want);
        for (int j = 0; j < want; j++) {
            DMatrixRMaj e = eig.getEigenVector(order[j]);
            DMatrixRMaj v = e;
            if (rowSide) { // v = Hᵀ u / σ
                v = new DMatrixRMaj(d, 1);
                CommonOps_DDRM.multTransA(h, e, v);
                CommonOps_DDRM.divide(v, sigma[j] == 0 ? 1 : sigma[j]);
            }
            CommonOps_DDRM.insert(v, vectors, 0, j);
        }
        // squaring: an exact zero σ comes back as ~σ₁·√(ε·max(N, D)), so the tolerance scales with that
        double tol = sigma.length == 0 ? 0 : sigma[0] * Math.sqrt(EPS * Math.max(n, d)) * 10;
        return take(sigma, vectors, k, tol, n);
    }

    private static Subspace take(double[] sigma, DMatrixRMaj v, int k, double tol, int rows) {
        int rank = 0;
        while (rank < sigma.length && sigma[rank] > tol && sigma[rank] > Double.MIN_NORMAL) {
            rank++;
        }
        int kk = Math.min(k, rank);
        int d = v.numRows;
        double[] basis = new double[d * kk];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < kk; j++) {
                basis[i * kk + j] = v.get(i, j);
            }
        }
        return new Subspace(d, Arrays.copyOf(sigma, kk), basis, rows);
    }
}
