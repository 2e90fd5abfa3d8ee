package dev.lvlmserve.pruning.calibration;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import java.util.Arrays;

/** Reductions of one sample's layer output (1, T, D) to feature rows of D floats. */
final class FeatureRows {
    private FeatureRows() {}

    /** The mean over {@code positions} (all tokens when null), as float32. */
    static float[] mean(NDArray output, int[] positions) {
        NDArray x = tokens(output, positions); // (k, D)
        return x.toType(DataType.FLOAT32, false).mean(new int[] {0}).toFloatArray();
    }

    /** The rows at {@code positions}, one float[D] each. */
    static float[][] gather(NDArray output, int[] positions) {
        NDArray x = tokens(output, positions); // (k, D)
        int d = (int) x.getShape().get(1);
        float[] flat = x.toType(DataType.FLOAT32, false).toFloatArray();
        float[][] out = new float[positions.length][];
        for (int i = 0; i < positions.length; i++) {
            out[i] = Arrays.copyOfRange(flat, i * d, (i + 1) * d);
        }
        return out;
    }

    /**
     * {@code rows} positions spread evenly over {@code t} tokens (the centre of each of {@code rows} equal bins), or
     * every position when the prompt is shorter: the stacked features' row count is fixed by the cap, not by T.
     */
    static int[] evenlySpaced(int t, int rows) {
        int k = Math.min(t, rows);
        int[] p = new int[k];
        for (int i = 0; i < k; i++) {
            p[i] = (int) (((2L * i + 1) * t) / (2L * k));
        }
        return p;
    }

    private static NDArray tokens(NDArray output, int[] positions) {
        long t = output.getShape().get(1);
        long d = output.getShape().get(2);
        NDArray x = output.reshape(t, d); // batch 1: (T, D)
        if (positions == null) {
            return x;
        }
        long[] index = Arrays.stream(positions).asLongStream().toArray();
        return x.get(x.getManager().create(index)); // (k, D)
    }
}
