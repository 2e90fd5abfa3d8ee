package dev.lvlmserve.model.generate;

/** Log-softmax of one row of logits, reduced to what a client asked for: the chosen token and the top k. */
final class Logprobs {
    private Logprobs() {}

    static SampledToken.Logprobs of(float[] logits, int chosen, int k) {
        double max = Double.NEGATIVE_INFINITY;
        for (float l : logits) {
            max = Math.max(max, l);
        }
        double sum = 0;
        for (float l : logits) {
            sum += Math.exp(l - max);
        }
        double logZ = max + Math.log(sum);
        int[] top = topK(logits, Math.min(k, logits.length));
        float[] topLp = new float[top.length];
        for (int i = 0; i < top.length; i++) {
            topLp[i] = (float) (logits[top[i]] - logZ);
        }
        return new SampledToken.Logprobs((float) (logits[chosen] - logZ), top, topLp);
    }

    /** Indices of the k largest values, largest first (ties: lower index first); k is at most 20, so O(V·k). */
    static int[] topK(float[] values, int k) {
        int[] best = new int[k];
        int size = 0;
        for (int i = 0; i < values.length; i++) {
            if (size == k && (k == 0 || values[i] <= values[best[k - 1]])) {
                continue;
            }
            int at = size < k ? size++ : k - 1;
            while (at > 0 && values[best[at - 1]] < values[i]) {
                best[at] = best[at - 1];
                at--;
            }
            best[at] = i;
        }
        return best;
    }
}
