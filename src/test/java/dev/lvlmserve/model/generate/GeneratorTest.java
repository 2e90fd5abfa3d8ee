package dev.lvlmserve.model.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import dev.lvlmserve.model.TinyModels;
import dev.lvlmserve.model.llava.LlavaModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class GeneratorTest {
    static LlavaModel model;
    static int n; // image positions
    static int d;

    @BeforeAll
    static void load() {
        model = TinyModels.model(TinyModels.config("llama", false), 7);
        n = model.config().imageSeqLength();
        d = model.config().textConfig().hiddenSize();
    }

    @AfterAll
    static void close() {
        model.close();
    }

    static long[] prompt(int textBefore, int textAfter, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        long[] p = new long[1 + textBefore + n + textAfter];
        int i = 0;
        p[i++] = 1; // BOS
        for (int k = 0; k < textBefore; k++) {
            p[i++] = 3 + r.nextInt(50);
        }
        for (int k = 0; k < n; k++) {
            p[i++] = TinyModels.IMAGE_TOKEN;
        }
        for (int k = 0; k < textAfter; k++) {
            p[i++] = 3 + r.nextInt(50);
        }
        return p;
    }

    static float[] features(long seed) {
        try (NDManager m = model.manager().newSubManager()) {
            SplittableRandom r = new SplittableRandom(seed);
            float[] px = new float[3 * 16 * 16];
            for (int i = 0; i < px.length; i++) {
                px[i] = (float) r.nextGaussian();
            }
            NDArray pixels = m.create(px, new Shape(1, 3, 16, 16));
            return model.imageFeatures(pixels, ForwardObserver.NONE).toFloatArray();
        }
    }

    /** The slow twin: no cache, the whole sequence recomputed for every new token. */
    static long[] greedyRecomputing(long[] promptIds, float[] feats, int steps) {
        List<Long> seq = new ArrayList<>();
        for (long id : promptIds) {
            seq.add(id);
        }
        long[] out = new long[steps];
        for (int s = 0; s < steps; s++) {
            try (NDManager m = model.manager().newSubManager()) {
                long[][] ids = {seq.stream().mapToLong(Long::longValue).toArray()};
                long[][] att = new long[1][ids[0].length];
                Arrays.fill(att[0], 1);
                NDArray f = m.create(feats, new Shape(1, n, d));
                NDArray h = model.languageModel().forward(model.inputsEmbeds(ids, f, m), att, null,
                        ForwardObserver.NONE);
                float[] logits = model.logits(h.get(new NDIndex(":, -1, :"))).toFloatArray();
                out[s] = Sampler.argmax(logits);
                seq.add(out[s]);
            }
        }
        return out;
    }

    @Test
    void kvCachedDecodeEqualsFullRecomputation() {
        long[] p = prompt(3, 5, 11);
        float[] f = features(5);
        Generator g = new Generator(model, Set.of(), 0);
        long[] cached = g.generate(List.of(new SequenceRequest(p, f, GenerationOptions.greedy(12))),
                TokenListener.NONE).getFirst().tokens();
        assertArrayEquals(greedyRecomputing(p, f, 12), cached);
    }

    @Test
    void batchedLeftPaddedEqualsOneByOne() {
        List<SequenceRequest> reqs = List.of(
                new SequenceRequest(prompt(0, 3, 1), features(1), GenerationOptions.greedy(8)),
                new SequenceRequest(prompt(6, 9, 2), features(2), GenerationOptions.greedy(8)),
                new SequenceRequest(prompt(2, 1, 3), features(3), GenerationOptions.greedy(5)));
        Generator g = new Generator(model, Set.of(), 0);
        List<SequenceResult> batched = g.generate(reqs, TokenListener.NONE);
        for (int i = 0; i < reqs.size(); i++) {
            long[] single = g.generate(List.of(reqs.get(i)), TokenListener.NONE).getFirst().tokens();
            assertArrayEquals(single, batched.get(i).tokens(), "row " + i);
        }
        assertEquals(5, batched.get(2).tokens().length);
        assertEquals("length", batched.get(2).finishReason());
    }

    @Test
    void batchedPrefillLogitsMatchSingleWithinFloatTolerance() {
        long[] a = prompt(0, 2, 4);
        long[] b = prompt(7, 4, 5);
        float[] fa = features(6);
        float[] fb = features(7);
        float[] singleB = lastLogits(new long[][] {b}, new float[][] {fb});
        long[][] padded = new long[2][b.length];
        System.arraycopy(a, 0, padded[0], b.length - a.length, a.length);
        padded[1] = b;
        float[] both = lastLogitsPadded(padded, a.length, new float[][] {fa, fb});
        float[] singleA = lastLogits(new long[][] {a}, new float[][] {fa});
        int v = TinyModels.VOCAB;
        for (int i = 0; i < v; i++) {
            assertEquals(singleA[i], both[i], 1e-4, "row 0 logit " + i);
            assertEquals(singleB[i], both[v + i], 1e-4, "row 1 logit " + i);
        }
    }

    private float[] lastLogits(long[][] ids, float[][] feats) {
        return lastLogitsPadded(ids, ids[0].length, feats);
    }

    private float[] lastLogitsPadded(long[][] ids, int firstRowLength, float[][] feats) {
        try (NDManager m = model.manager().newSubManager()) {
            long[][] att = new long[ids.length][ids[0].length];
            for (int i = 0; i < ids.length; i++) {
                int real = i == 0 ? firstRowLength : ids[i].length;
                Arrays.fill(att[i], ids[i].length - real, ids[i].length, 1);
            }
            float[] all = new float[ids.length * n * d];
            for (int i = 0; i < ids.length; i++) {
                System.arraycopy(feats[i], 0, all, i * n * d, n * d);
            }
            NDArray f = m.create(all, new Shape(ids.length, n, d));
            NDArray h = model.languageModel().forward(model.inputsEmbeds(ids, f, m), att, null,
                    ForwardObserver.NONE);
            return model.logits(h.get(new NDIndex(":, -1, :"))).toFloatArray();
        }
    }

    @Test
    void aCancelledRowStopsAtTheNextStepAndTheOthersAreUnchanged() {
        List<SequenceRequest> reqs = List.of(
                new SequenceRequest(prompt(1, 3, 21), features(21), GenerationOptions.greedy(10)),
                new SequenceRequest(prompt(4, 2, 22), features(22), GenerationOptions.greedy(10)));
        Generator g = new Generator(model, Set.of(), 0);
        long[] alone = g.generate(List.of(reqs.get(0)), TokenListener.NONE).getFirst().tokens();
        int[] seen = new int[2];
        List<SequenceResult> r = g.generate(reqs, new TokenListener() {
            @Override
            public void onToken(int row, long token) {
                seen[row]++;
            }

            @Override
            public boolean cancelled(int row) {
                return row == 1 && seen[1] >= 3; // the client of row 1 leaves after three tokens
            }
        });
        assertEquals("cancelled", r.get(1).finishReason());
        assertEquals(3, r.get(1).tokens().length);
        assertEquals(3, seen[1]);
        assertArrayEquals(alone, r.get(0).tokens());
    }

    @Test
    void aBatchWhoseRowsAreAllCancelledEndsEarly() {
        SequenceRequest req = new SequenceRequest(prompt(2, 2, 23), features(23), GenerationOptions.greedy(50));
        int[] steps = {0};
        SequenceResult r = new Generator(model, Set.of(), 0).generate(List.of(req), new TokenListener() {
            @Override
            public void onToken(int row, long token) {
                steps[0]++;
            }

            @Override
            public boolean cancelled(int row) {
                return steps[0] >= 2;
            }
        }).getFirst();
        assertEquals("cancelled", r.finishReason());
        assertEquals(2, steps[0]);
    }

    @Test
    void eosStopsARowAndIsNotReturned() {
        long[] p = prompt(2, 2, 9);
        float[] f = features(9);
        Generator plain = new Generator(model, Set.of(), 0);
        long[] free = plain.generate(List.of(new SequenceRequest(p, f, GenerationOptions.greedy(6))),
                TokenListener.NONE).getFirst().tokens();
        Generator stopping = new Generator(model, Set.of(free[2]), 0);
        SequenceResult r = stopping.generate(List.of(new SequenceRequest(p, f, GenerationOptions.greedy(6))),
                TokenListener.NONE).getFirst();
        assertEquals("stop", r.finishReason());
        int firstEos = 0;
        while (free[firstEos] != free[2]) {
            firstEos++;
        }
        assertArrayEquals(Arrays.copyOf(free, firstEos), r.tokens());
    }

    @Test
    void samplingIsReproducibleFromTheSeedAndTemperatureChangesTheOutput() {
        long[] p = prompt(2, 2, 10);
        float[] f = features(10);
        Generator g = new Generator(model, Set.of(), 0);
        GenerationOptions hot = new GenerationOptions(16, 5.0, 1.0, 42);
        long[] a = g.generate(List.of(new SequenceRequest(p, f, hot)), TokenListener.NONE).getFirst().tokens();
        long[] b = g.generate(List.of(new SequenceRequest(p, f, hot)), TokenListener.NONE).getFirst().tokens();
        long[] greedy = g.generate(List.of(new SequenceRequest(p, f, GenerationOptions.greedy(16))),
                TokenListener.NONE).getFirst().tokens();
        assertArrayEquals(a, b);
        assertTrue(!Arrays.equals(a, greedy), "temperature 5 should leave the greedy path");
    }

    @Test
    void aGeneratedImageTokenIsEmbeddedAsAnOrdinaryTokenDuringDecode() {
        try (NDManager m = model.manager().newSubManager()) {
            NDArray e = model.inputsEmbeds(new long[][] {{TinyModels.IMAGE_TOKEN}}, null, m);
            assertEquals(new Shape(1, 1, d), e.getShape());
        }
    }

    @Test
    void mismatchedImageTokenCountIsAClearError() {
        long[] p = Arrays.copyOf(prompt(1, 1, 1), prompt(1, 1, 1).length - 3); // cut into the image run? no: add one
        long[] extra = Arrays.copyOf(p, p.length + 1);
        extra[extra.length - 1] = TinyModels.IMAGE_TOKEN;
        try (NDManager m = model.manager().newSubManager()) {
            NDArray f = m.create(features(1), new Shape(1, n, d));
            IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(
                    IllegalArgumentException.class, () -> model.inputsEmbeds(new long[][] {extra}, f, m));
            assertTrue(e.getMessage().contains("do not match"), e.getMessage());
        }
    }
}
