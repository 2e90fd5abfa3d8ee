package dev.lvlmserve.model.generate;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Picks the next token of one sequence from its row of logits. First the logits are adjusted as OpenAI documents
 * it: {@code logit_bias} added, then for every token already generated {@code count · frequency_penalty +
 * presence_penalty} subtracted. Then argmax when greedy, else temperature softmax with nucleus (top-p) truncation
 * — the order of transformers' {@code TemperatureLogitsWarper} then {@code TopPLogitsWarper}. The sampler owns the
 * sequence's random stream and its token counts, so its choices do not depend on what else is in the batch.
 */
public final class Sampler {
    private final GenerationOptions options;
    private final SplittableRandom random;
    private final Map<Integer, Integer> counts = new HashMap<>();

    public Sampler(GenerationOptions options) {
        this.options = options;
        this.random = new SplittableRandom(options.seed());
    }

    /** Chooses the next token; the logits are not modified. */
    public SampledToken next(float[] logits) {
        float[] adjusted = options.adjustsLogits() ? adjust(logits) : logits;
        int token = options.isGreedy() ? argmax(adjusted) : sample(adjusted);
        counts.merge(token, 1, Integer::sum);
        return new SampledToken(token, options.wantsLogprobs() ? Logprobs.of(logits, token,
                options.topLogprobs()) : null);
    }

    private float[] adjust(float[] logits) {
        float[] out = Arrays.copyOf(logits, logits.length);
        options.logitBias().forEach((id, bias) -> {
            if (id >= 0 && id < out.length) {
                out[id] += bias;
            }
        });
        counts.forEach((id, count) -> {
            if (id < out.length) {
                out[id] -= (float) (count * options.frequencyPenalty() + options.presencePenalty());
            }
        });
        return out;
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
