package dev.lvlmserve.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Mean token cross-entropy over the supervised positions only (transformers' labels with −100 elsewhere): position
 * t's logits predict token t + 1. The target selection is a one-hot weight tensor built in Java, so no scalar
 * temporaries enter the autograd graph.
 */
public final class CausalLmLoss {
    private CausalLmLoss() {}

    /**
     * @param logits (B, T, V)
     * @param labels (B, T): the token that position t must predict, or −1 where unsupervised
     */
    public static NDArray compute(NDArray logits, long[][] labels, NDManager m) {
        return compute(logits, labels, m, false);
    }

    /**
     * @param perSample average each example's tokens first, then the examples: a one-word answer then weighs as much
     *     as a twenty-token caption (with a plain token mean the captions drowned the benchmark answers out)
     */
    public static NDArray compute(NDArray logits, long[][] labels, NDManager m, boolean perSample) {
        Shape s = logits.getShape();
        int b = (int) s.get(0);
        int t = (int) s.get(1);
        int v = (int) s.get(2);
        float[] weights = new float[b * t * v];
        int count = 0;
        int[] perRow = new int[b];
        for (int i = 0; i < b; i++) {
            for (int j = 0; j < t; j++) {
                if (labels[i][j] >= 0) {
                    perRow[i]++;
                    count++;
                }
            }
        }
        if (count == 0) {
            throw new IllegalArgumentException("a batch without supervised tokens");
        }
        int rows = (int) java.util.Arrays.stream(perRow).filter(c -> c > 0).count();
        for (int i = 0; i < b; i++) {
            for (int j = 0; j < t; j++) {
                long label = labels[i][j];
                if (label >= 0) {
                    weights[(i * t + j) * v + (int) label] = perSample ? 1f / (perRow[i] * rows) : 1f / count;
                }
            }
        }
        NDArray target = m.create(weights, s);
        NDArray logProbs = logits.logSoftmax(-1);
        NDArray weighted = logProbs.mul(target).sum(); // weighted sum of log p(label)
        return weighted.mul(m.create(-1f)); // an owned constant, not a freed temporary
    }
}
