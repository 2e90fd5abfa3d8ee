package dev.lvlmserve.pruning.scoring;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

/**
 * Cosine similarity between a layer's input and output hidden states, token by token (paper Eq. 3; ShortGPT's block
 * influence is 1 − this). Computed in float64 so that identical states give exactly 1 up to rounding of the norms.
 */
public final class LayerSimilarity {
    private LayerSimilarity() {}

    /**
     * @param input (1, T, D) or (T, D) hidden state entering the layer
     * @param output the same shape, leaving the layer (pre-norm, residual included)
     * @return T cosines; a token whose input or output is the zero vector gets 0
     */
    public static double[] tokenCosines(NDArray input, NDArray output) {
        if (!input.getShape().equals(output.getShape())) {
            throw new IllegalArgumentException("input " + input.getShape() + " and output " + output.getShape()
                    + " differ in shape");
        }
        NDArray a = input.toType(DataType.FLOAT64, false);
        NDArray b = output.toType(DataType.FLOAT64, false);
        double[] dot = a.mul(b).sum(new int[] {-1}).toDoubleArray(); // (…, T)
        double[] aa = a.square().sum(new int[] {-1}).toDoubleArray();
        double[] bb = b.square().sum(new int[] {-1}).toDoubleArray();
        double[] cos = new double[dot.length];
        for (int i = 0; i < cos.length; i++) {
            double denominator = Math.sqrt(aa[i]) * Math.sqrt(bb[i]);
            cos[i] = denominator == 0 ? 0 : dot[i] / denominator;
        }
        return cos;
    }

    /** Mean of {@code values} at {@code positions}; NaN when there are none (the caller skips the sample). */
    public static double mean(double[] values, int[] positions) {
        if (positions.length == 0) {
            return Double.NaN;
        }
        double sum = 0;
        for (int p : positions) {
            sum += values[p];
        }
        return sum / positions.length;
    }
}
