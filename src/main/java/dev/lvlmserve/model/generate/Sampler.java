package dev.lvlmserve.model.generate;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Picks the next token from one row of logits: argmax when greedy, else temperature softmax with nucleus (top-p)
 * truncation — the order of transformers' {@code TemperatureLogitsWarper} then {@code TopPLogitsWarper}.
 */
public final class Sampler {
    private final GenerationOptions options;
    private final SplittableRandom random;

    public Sampler(GenerationOptions options) {
        this.options = options;
        this.random = new SplittableRandom(options.seed());
    }

    public int next(float[] logits) {
        return options.isGreedy() ? argmax(logits) : sample(logits);
    }

    static int argmax(float[] logits) {
        int best = 0;
        for (int i = 1; i < logits.length; i++) {
            if (logits[i] > logits[best]) {
                best = i;
            }
        }
        return best;
    }

    private int sample(float[] logits) {
        int v = logits.length;
        double[] p = new double[v];
        double max = Double.NEGATIVE_INFINITY;
        for (float l : logits) {
            max = Math.max(max, l / options.temperature());
        }
        double sum = 0;
        for (int i = 0; i < v; i++) {
            p[i] = Math.exp(logits[i] / options.temperature() - max);
            sum += p[i];
        }
        Integer[] order = new Integer[v];
        for (int i = 0; i < v; i++) {
            order[i] = i;
            p[i] /= sum;
        }
        Arrays.sort(order, (a, b) -> Double.compare(p[b], p[a]));
        // Keep the smallest prefix whose mass reaches top_p (always at least one token).
        double kept = 0;
        int cut = 0;
        while (cut < v && (cut == 0 || kept < options.topP())) {
            kept += p[order[cut++]];
        }
        double u = random.nextDouble() * kept;
        double acc = 0;
        for (int i = 0; i < cut; i++) {
            acc += p[order[i]];
            if (u < acc) {
                return order[i];
            }
        }
        return order[cut - 1];
    }
}
