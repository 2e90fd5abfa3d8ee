package dev.lvlmserve.model.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Logit adjustments as OpenAI defines them, log-probabilities against their definition, and the top-k selection. */
class SamplerTest {
    static GenerationOptions greedy(Map<Integer, Float> bias, double frequency, double presence, int top) {
        return new GenerationOptions(16, 0, 1, 0, bias, frequency, presence, top);
    }

    @Test
    void logitBiasIsAddedBeforeTheChoice() {
        float[] logits = {0f, 3f, 1f};
        assertThat(new Sampler(greedy(Map.of(), 0, 0, -1)).next(logits).id()).isEqualTo(1);
        assertThat(new Sampler(greedy(Map.of(2, 2.5f), 0, 0, -1)).next(logits).id()).isEqualTo(2);
        assertThat(new Sampler(greedy(Map.of(1, -100f), 0, 0, -1)).next(logits).id()).isEqualTo(2);
        assertThat(logits).containsExactly(0f, 3f, 1f); // the caller's row is not changed
    }

    @Test
    void penaltiesSubtractCountTimesFrequencyPlusPresenceForTokensAlreadyGenerated() {
        float[] logits = {0f, 2.9f, 1f}; // token 1 leads token 2 by 1.9
        Sampler frequency = new Sampler(greedy(Map.of(), 1.0, 0, -1));
        assertThat(frequency.next(logits).id()).isEqualTo(1); // 1 once: 2.9 - 1 = 1.9 > 1
        assertThat(frequency.next(logits).id()).isEqualTo(1); // 1 twice now
        assertThat(frequency.next(logits).id()).isEqualTo(2); // 2.9 - 2 = 0.9 < 1
        Sampler presence = new Sampler(greedy(Map.of(), 0, 1.5, -1));
        assertThat(presence.next(logits).id()).isEqualTo(1);
        assertThat(presence.next(logits).id()).isEqualTo(1); // 2.9 - 1.5 = 1.4 > 1: presence counts once
        assertThat(presence.next(logits).id()).isEqualTo(1);
        Sampler negative = new Sampler(greedy(Map.of(), 0, -2, -1)); // a negative penalty encourages repeats
        assertThat(negative.next(new float[] {0f, 1f, 1.5f}).id()).isEqualTo(2);
        assertThat(negative.next(new float[] {0f, 3f, 1.5f}).id()).isEqualTo(2); // 1.5 + 2 > 3
    }

    @Test
    void logprobsAreTheRawLogSoftmaxWithTheTopKInOrder() {
        SplittableRandom r = new SplittableRandom(3);
        float[] logits = new float[50];
        for (int i = 0; i < logits.length; i++) {
            logits[i] = (float) r.nextGaussian() * 3;
        }
        SampledToken t = new Sampler(greedy(Map.of(7, 50f), 0, 0, 5)).next(logits);
        assertThat(t.id()).isEqualTo(7); // chosen with the bias, reported without it
        double z = Math.log(IntStream.range(0, logits.length).mapToDouble(i -> Math.exp(logits[i])).sum());
        assertThat(t.logprobs().logprob()).isCloseTo((float) (logits[7] - z), within(1e-5f));
        Integer[] order = IntStream.range(0, logits.length).boxed().sorted(Comparator.comparingDouble(
                (Integer i) -> logits[i]).reversed()).toArray(Integer[]::new);
        assertThat(Arrays.stream(t.logprobs().topIds()).boxed().toList()).containsExactly(order[0], order[1],
                order[2], order[3], order[4]);
        for (int i = 0; i < 5; i++) {
            assertThat(t.logprobs().topLogprobs()[i]).isCloseTo((float) (logits[order[i]] - z), within(1e-5f));
        }
        assertThat(new Sampler(greedy(Map.of(), 0, 0, 0)).next(logits).logprobs().topIds()).isEmpty();
        assertThat(new Sampler(greedy(Map.of(), 0, 0, -1)).next(logits).logprobs()).isNull();
    }

    @Test
    void topKMatchesAFullSortIncludingTies() {
        SplittableRandom r = new SplittableRandom(11);
        for (int trial = 0; trial < 200; trial++) {
            float[] v = new float[1 + r.nextInt(40)];
            for (int i = 0; i < v.length; i++) {
                v[i] = r.nextInt(6); // many ties
            }
            int k = r.nextInt(Math.min(v.length, 20) + 1);
            int[] expected = IntStream.range(0, v.length).boxed().sorted((a, b) -> v[a] != v[b]
                    ? Float.compare(v[b], v[a]) : Integer.compare(a, b)).limit(k).mapToInt(Integer::intValue)
                    .toArray();
            assertThat(Logprobs.topK(v, k)).containsExactly(expected);
        }
    }

    @Test
    void seededSamplingIsReproducibleAndPerSequence() {
        GenerationOptions hot = new GenerationOptions(16, 1.0, 0.9, 42, Map.of(), 0.5, 0.5, 2);
        float[] logits = {0.1f, 0.4f, 0.2f, 0.3f, 0f};
        Sampler a = new Sampler(hot);
        Sampler b = new Sampler(hot);
        for (int i = 0; i < 50; i++) {
            assertThat(a.next(logits)).usingRecursiveComparison().isEqualTo(b.next(logits));
        }
    }
}
