package dev.lvlmserve.pruning.compensation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.NormOps_DDRM;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SubspaceSvdTest {
    static final double[] SIGMA = {9.0, 4.0, 1.5};

    /** H = U diag(σ) Vᵀ with known orthonormal U (N×3) and V (D×3). */
    static DMatrixRMaj known(int n, int d, DMatrixRMaj v) {
        DMatrixRMaj u = Orthonormal.columns(n, SIGMA.length, 1);
        DMatrixRMaj us = u.copy();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < SIGMA.length; j++) {
                us.set(i, j, u.get(i, j) * SIGMA[j]);
            }
        }
        DMatrixRMaj h = new DMatrixRMaj(n, d);
        CommonOps_DDRM.multTransB(us, v, h);
        return h;
    }

    static double projectorDistance(DMatrixRMaj actual, DMatrixRMaj basis) {
        DMatrixRMaj expected = new DMatrixRMaj(basis.numRows, basis.numRows);
        CommonOps_DDRM.multTransB(basis, basis, expected);
        DMatrixRMaj diff = new DMatrixRMaj(expected.numRows, expected.numCols);
        CommonOps_DDRM.subtract(actual, expected, diff);
        return NormOps_DDRM.normF(diff);
    }

    @ParameterizedTest
    @CsvSource({"20, 12, DIRECT", "20, 12, GRAM", "8, 30, DIRECT", "8, 30, GRAM", "40, 40, AUTO"})
    void recoversTheSubspaceAndSingularValuesOfAKnownRankThreeMatrix(int n, int d, SvdStrategy strategy) {
        DMatrixRMaj v = Orthonormal.columns(d, SIGMA.length, 2);
        Subspace s = SubspaceSvd.topK(known(n, d, v), 3, strategy);
        assertEquals(3, s.rank());
        assertArrayEquals(SIGMA, s.singularValues(), 1e-9);
        assertTrue(projectorDistance(s.projector(), v) < 1e-8, "‖V_kV_kᵀ − VVᵀ‖");
        DMatrixRMaj gram = new DMatrixRMaj(3, 3);
        CommonOps_DDRM.multTransA(s.basisMatrix(), s.basisMatrix(), gram);
        assertTrue(NormOps_DDRM.normF(CommonOps_DDRM.subtract(gram, CommonOps_DDRM.identity(3), null)) < 1e-8,
                "orthonormal columns");
        assertEquals(n, s.rows());
    }

    @ParameterizedTest
    @CsvSource({"DIRECT", "GRAM"})
    void topTwoIsTheSpanOfTheTwoLargestDirections(SvdStrategy strategy) {
        DMatrixRMaj v = Orthonormal.columns(16, 3, 3);
        Subspace s = SubspaceSvd.topK(known(10, 16, v), 2, strategy);
        assertArrayEquals(new double[] {9.0, 4.0}, s.singularValues(), 1e-9);
        assertTrue(projectorDistance(s.projector(), CommonOps_DDRM.extract(v, 0, 16, 0, 2)) < 1e-8);
    }

    @ParameterizedTest
    @CsvSource({"DIRECT", "GRAM"})
    void rankIsClampedToTheNumericalRank(SvdStrategy strategy) {
        Subspace s = SubspaceSvd.topK(known(12, 20, Orthonormal.columns(20, 3, 4)), 8, strategy);
        assertEquals(3, s.rank());
        assertEquals(0, SubspaceSvd.topK(new DMatrixRMaj(6, 5), 4, strategy).rank());
    }

    @Test
    void rankZeroAndNegativeRank() {
        DMatrixRMaj h = Orthonormal.gaussian(6, 5, 5);
        Subspace s = SubspaceSvd.topK(h, 0, SvdStrategy.AUTO);
        assertEquals(0, s.rank());
        assertEquals(5, s.dim());
        assertThrows(IllegalArgumentException.class, () -> SubspaceSvd.topK(h, -1, SvdStrategy.AUTO));
    }

    @Test
    void directAndGramAgreeOnAFullRankMatrix() {
        DMatrixRMaj h = Orthonormal.gaussian(15, 9, 6);
        Subspace a = SubspaceSvd.topK(h, 4, SvdStrategy.DIRECT);
        Subspace b = SubspaceSvd.topK(h, 4, SvdStrategy.GRAM);
        assertArrayEquals(a.singularValues(), b.singularValues(), 1e-9);
        assertTrue(projectorDistance(a.projector(), b.basisMatrix()) < 1e-7);
    }
}
