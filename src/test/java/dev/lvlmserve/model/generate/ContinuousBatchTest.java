package dev.lvlmserve.model.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import dev.lvlmserve.model.TinyModels;
import dev.lvlmserve.model.llava.LlavaModel;
import dev.lvlmserve.serving.NativeMemory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Continuous batching against its slow twins: the static generator run one request at a time (token for token,
 * greedy), and the concatenating KV cache (the in-place slot writes hold the same keys and values).
 */
class ContinuousBatchTest {
    /** Prompt tokens prefilled per step: small, so prompts (and image runs) are split over several steps. */
    static final int CHUNK = 7;
    static LlavaModel model;
    static int n;
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

    static SequenceRequest request(int before, int after, long seed, boolean image, GenerationOptions options) {
        SplittableRandom r = new SplittableRandom(seed);
        List<Long> ids = new ArrayList<>(List.of(1L));
        for (int k = 0; k < before; k++) {
            ids.add(3L + r.nextInt(50));
        }
        for (int k = 0; image && k < n; k++) {
            ids.add(TinyModels.IMAGE_TOKEN);
        }
        for (int k = 0; k < after; k++) {
            ids.add(3L + r.nextInt(50));
        }
        return new SequenceRequest(ids.stream().mapToLong(Long::longValue).toArray(), image ? features(seed) : null,
                options);
    }

    /** Projected features of a random image; its intermediate arrays die in the scope (the leak check counts). */
    static float[] features(long seed) {
        try (NDManager m = model.manager().newSubManager(); NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            SplittableRandom r = new SplittableRandom(seed);
            float[] px = new float[3 * 16 * 16];
            for (int i = 0; i < px.length; i++) {
                px[i] = (float) r.nextGaussian();
            }
            return model.imageFeatures(m.create(px, new Shape(1, 3, 16, 16)), ForwardObserver.NONE).toFloatArray();
        }
    }

    /** Collects what the batch reports for one sequence; stops it when {@code stop} says so (by tokens seen). */
    static final class Sink implements SequenceSink {
        final List<Long> tokens = new ArrayList<>();
        final IntPredicate stop;
        SequenceResult result;
        RuntimeException error;

        Sink(IntPredicate stop) {
            this.stop = stop;
        }

        Sink() {
            this(seen -> false);
        }

        @Override
        public void onToken(SampledToken token) {
            tokens.add(token.id());
        }

        @Override
        public boolean stopRequested() {
            return stop.test(tokens.size());
        }

        @Override
        public void onFinish(SequenceResult r, RuntimeException e) {
            assertThat(result).as("finished once").isNull();
            result = r;
            error = e;
        }
    }

    static long[] alone(SequenceRequest r, Set<Long> eos) {
        return new Generator(model, eos, 0).generate(List.of(r), TokenListener.NONE).getFirst().tokens();
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "prefill chunks of {0} tokens")
    @org.junit.jupiter.params.provider.ValueSource(ints = {CHUNK, 1000})
    void requestsArrivingAtDifferentStepsAndStoppingAtDifferentLengthsMatchOneByOne(int chunk) {
        List<SequenceRequest> reqs = List.of(
                request(0, 3, 1, true, GenerationOptions.greedy(9)),
                request(6, 9, 2, true, GenerationOptions.greedy(4)),
                request(2, 1, 3, false, GenerationOptions.greedy(12)),
                request(4, 4, 4, true, GenerationOptions.greedy(1)),
                request(9, 2, 5, false, GenerationOptions.greedy(7)),
                request(1, 1, 6, true, GenerationOptions.greedy(10)));
        int[] arrivesAtStep = {0, 0, 2, 3, 3, 6};
        long eos = alone(reqs.get(4), Set.of())[3]; // one request meets its end-of-sequence token early
        Set<Long> eosIds = Set.of(eos);
        Map<Integer, Sink> sinks = new HashMap<>();
        try (ContinuousBatch batch = new ContinuousBatch(model, eosIds, 4, 64, chunk)) {
            int next = 0;
            for (int step = 0; next < reqs.size() || !batch.isEmpty(); step++) {
                while (next < reqs.size() && arrivesAtStep[next] <= step && batch.free() > 0) {
                    Sink s = new Sink();
                    sinks.put(next, s);
                    batch.admit(reqs.get(next++), s);
                }
                batch.step();
                assertThat(step).as("steps").isLessThan(100);
            }
        }
        for (int i = 0; i < reqs.size(); i++) {
            long[] expected = alone(reqs.get(i), eosIds);
            Sink s = sinks.get(i);
            assertArrayEquals(expected, s.result.tokens(), "request " + i);
            assertArrayEquals(expected, s.tokens.stream().mapToLong(Long::longValue).toArray(), "streamed " + i);
            assertThat(s.result.finishReason()).isEqualTo(expected.length < reqs.get(i).options().maxNewTokens()
                    ? "stop" : "length");
            assertThat(s.result.promptTokens()).isEqualTo(reqs.get(i).promptIds().length);
        }
        assertThat(sinks.get(4).result.finishReason()).isEqualTo("stop");
    }

    /**
     * A widthwise-pruned variant whose layers have different key/value head counts (layer 2 keeps one of two):
     * the slot cache takes each layer's width from its weights, and generation still equals one-by-one.
     */
    @Test
    void aVariantWithLayersOfDifferentWidthsRunsInTheSlots() {
        var recipe = dev.lvlmserve.model.recipe.VariantRecipe.empty(new dev.lvlmserve.model.recipe.VariantRecipe.Base(
                "base", null, 4)).withWidths(Map.of(2, new dev.lvlmserve.model.recipe.LayerWidth(List.of(0, 1),
                        List.of(0), null)));
        try (LlavaModel narrowed = model.derive(recipe, dev.lvlmserve.model.recipe.RecipeTensors.none())) {
            assertThat(SlotKvCache.kvHeads(narrowed)).containsExactly(2, 2, 1, 2);
            List<SequenceRequest> reqs = List.of(request(2, 3, 71, true, GenerationOptions.greedy(6)),
                    request(5, 1, 72, false, GenerationOptions.greedy(9)));
            List<Sink> sinks = List.of(new Sink(), new Sink());
            try (ContinuousBatch batch = new ContinuousBatch(narrowed, Set.of(), 2, 64, CHUNK)) {
                batch.admit(reqs.get(0), sinks.get(0));
                batch.step();
                batch.admit(reqs.get(1), sinks.get(1));
                while (!batch.isEmpty()) {
                    batch.step();
                }
            }
            for (int i = 0; i < 2; i++) {
                long[] alone = new Generator(narrowed, Set.of(), 0).generate(List.of(reqs.get(i)), TokenListener.NONE)
                        .getFirst().tokens();
                assertArrayEquals(alone, sinks.get(i).result.tokens(), "request " + i);
            }
        }
    }

    /**
     * A sliding window (Mistral's, in every layer) applies in the slots too, in chunked prefill and in decode:
     * continuous generation equals one-by-one generation, whose mask is checked against the reference model
     * ({@code ConfigShapesTest}); and the window changes the tokens, so a batch that ignored it would fail here.
     */
    @Test
    void theSlidingWindowAppliesInChunkedPrefillAndDecode() {
        dev.lvlmserve.model.config.TextConfig t = model.config().textConfig();
        var windowed = model.config().withTextConfig(new dev.lvlmserve.model.config.TextConfig("mistral",
                t.vocabSize(), t.hiddenSize(), t.intermediateSize(), t.numHiddenLayers(), t.numAttentionHeads(),
                t.numKeyValueHeads(), t.headDimOverride(), t.hiddenAct(), t.maxPositionEmbeddings(), t.rmsNormEps(),
                t.ropeTheta(), t.ropeScalingFactor(), t.attentionBias(), t.mlpBias(), t.tieWordEmbeddings(),
                t.bosTokenId(), t.eosTokenId(), t.padTokenId(), 6));
        NDManager owner = dev.lvlmserve.model.Djl.newManager();
        Map<String, NDArray> copies = new HashMap<>();
        model.weights().asMap().forEach((k, v) -> copies.put(k, v.duplicate()));
        copies.values().forEach(v -> v.attach(owner));
        try (LlavaModel w = LlavaModel.full(windowed, new dev.lvlmserve.model.nn.WeightMap(copies), owner)) {
            List<SequenceRequest> reqs = List.of(request(3, 4, 81, true, GenerationOptions.greedy(12)),
                    request(8, 2, 82, false, GenerationOptions.greedy(10)),
                    request(1, 6, 83, true, GenerationOptions.greedy(8)));
            List<Sink> sinks = List.of(new Sink(), new Sink(), new Sink());
            try (ContinuousBatch batch = new ContinuousBatch(w, Set.of(), 3, 64, CHUNK)) {
                batch.admit(reqs.get(0), sinks.get(0));
                batch.step();
                batch.admit(reqs.get(1), sinks.get(1));
                batch.step();
                batch.admit(reqs.get(2), sinks.get(2));
                while (!batch.isEmpty()) {
                    batch.step();
                }
            }
            boolean windowMatters = false;
            for (int i = 0; i < reqs.size(); i++) {
                long[] alone = new Generator(w, Set.of(), 0).generate(List.of(reqs.get(i)), TokenListener.NONE)
                        .getFirst().tokens();
                assertArrayEquals(alone, sinks.get(i).result.tokens(), "request " + i);
                windowMatters |= !java.util.Arrays.equals(alone, alone(reqs.get(i), Set.of()));
            }
            assertThat(windowMatters).as("the window changes some answer of this fixture").isTrue();
        }
    }

    /** A float16 model in the slots (a GPU server's default): continuous generation equals one-by-one in float16. */
    @Test
    void aFloat16ModelRunsInTheSlotsAsOneByOne() {
        NDManager owner = dev.lvlmserve.model.Djl.newManager();
        Map<String, NDArray> half = new HashMap<>();
        model.weights().asMap().forEach((k, v) -> {
            NDArray h = v.toType(ai.djl.ndarray.types.DataType.FLOAT16, true);
            h.attach(owner);
            half.put(k, h);
        });
        try (LlavaModel h = LlavaModel.full(model.config(), new dev.lvlmserve.model.nn.WeightMap(half), owner)) {
            List<SequenceRequest> reqs = List.of(request(2, 3, 91, true, GenerationOptions.greedy(7)),
                    request(6, 1, 92, false, GenerationOptions.greedy(9)));
            List<Sink> sinks = List.of(new Sink(), new Sink());
            try (ContinuousBatch batch = new ContinuousBatch(h, Set.of(), 2, 64, CHUNK)) {
                batch.admit(reqs.get(0), sinks.get(0));
                batch.step();
                batch.admit(reqs.get(1), sinks.get(1));
                while (!batch.isEmpty()) {
                    batch.step();
                }
            }
            for (int i = 0; i < reqs.size(); i++) {
                long[] alone = new Generator(h, Set.of(), 0).generate(List.of(reqs.get(i)), TokenListener.NONE)
                        .getFirst().tokens();
                assertArrayEquals(alone, sinks.get(i).result.tokens(), "request " + i);
            }
        }
    }

    /** A long prompt is prefilled a chunk per step while the running sequence keeps getting a token every step. */
    @Test
    void aLongPromptDoesNotStallTheRunningDecodes() {
        SequenceRequest running = request(1, 1, 61, false, GenerationOptions.greedy(30));
        SequenceRequest longPrompt = request(20, 20, 62, true, GenerationOptions.greedy(4)); // 57 tokens
        Sink a = new Sink();
        Sink b = new Sink();
        try (ContinuousBatch batch = new ContinuousBatch(model, Set.of(), 2, 128, CHUNK)) {
            batch.admit(running, a);
            batch.step();
            batch.step();
            batch.admit(longPrompt, b);
            int steps = 0;
            while (b.tokens.isEmpty()) {
                int before = a.tokens.size();
                batch.step();
                steps++;
                assertThat(a.tokens).as("a token for the running sequence in every step").hasSize(before + 1);
            }
            assertThat(steps).as("steps to prefill 57 tokens %d at a time", CHUNK).isEqualTo(
                    (longPrompt.promptIds().length + CHUNK - 1) / CHUNK);
            while (!batch.isEmpty()) {
                batch.step();
            }
        }
        assertArrayEquals(alone(running, Set.of()), a.result.tokens());
        assertArrayEquals(alone(longPrompt, Set.of()), b.result.tokens());
    }

    @Test
    void aSequenceThatAsksToStopLeavesAtTheNextStepAndTheOthersAreUnchanged() {
        SequenceRequest stays = request(1, 3, 21, true, GenerationOptions.greedy(10));
        SequenceRequest leaves = request(4, 2, 22, true, GenerationOptions.greedy(10));
        Sink a = new Sink();
        Sink b = new Sink(seen -> seen >= 3);
        try (ContinuousBatch batch = new ContinuousBatch(model, Set.of(), 2, 64, CHUNK)) {
            batch.admit(leaves, b);
            batch.admit(stays, a);
            while (!batch.isEmpty()) {
                batch.step();
            }
        }
        assertThat(b.result.finishReason()).isEqualTo("cancelled");
        assertThat(b.tokens).hasSize(3); // the step that produced the third token was its last
        assertArrayEquals(alone(stays, Set.of()), a.result.tokens());
    }

    @Test
    void seededSamplingIsTheSameWhateverRunsBesideIt() {
        GenerationOptions hot = new GenerationOptions(12, 1.2, 0.95, 99, Map.of(), 0.3, 0.1, -1);
        SequenceRequest sampled = request(2, 2, 31, true, hot);
        Sink aloneSink = new Sink();
        try (ContinuousBatch batch = new ContinuousBatch(model, Set.of(), 4, 64, CHUNK)) {
            batch.admit(sampled, aloneSink);
            while (!batch.isEmpty()) {
                batch.step();
            }
        }
        Sink crowded = new Sink();
        try (ContinuousBatch batch = new ContinuousBatch(model, Set.of(), 4, 64, CHUNK)) {
            batch.admit(request(5, 1, 32, true, GenerationOptions.greedy(3)), new Sink());
            batch.step();
            batch.admit(sampled, crowded);
            batch.admit(request(0, 7, 33, false, new GenerationOptions(20, 0.8, 1, 5)), new Sink());
            while (!batch.isEmpty()) {
                batch.step();
            }
        }
        assertThat(crowded.tokens).isEqualTo(aloneSink.tokens).hasSize(12);
    }

    @Test
    void aSequenceThatFillsItsSlotEndsWithLength() {
        SequenceRequest r = request(2, 2, 41, false, GenerationOptions.greedy(50));
        Sink s = new Sink();
        try (ContinuousBatch batch = new ContinuousBatch(model, Set.of(), 1, r.promptIds().length + 4, CHUNK)) {
            batch.admit(r, s);
            while (!batch.isEmpty()) {
                batch.step();
            }
        }
        assertThat(s.result.finishReason()).isEqualTo("length");
        assertThat(s.result.tokens()).hasSize(5).containsExactly(java.util.Arrays.copyOf(alone(r, Set.of()), 5));
    }

    /**
     * The slot cache's in-place writes against the concatenating cache: a sequence decoded in a slot (beside
     * others that come and go, so it is moved between slots) holds the keys and values a single-row concatenating
     * decode of the same tokens builds.
     */
    @Test
    void inPlaceSlotWritesEqualTheConcatenatingReference() {
        SequenceRequest tracked = request(3, 4, 51, true, GenerationOptions.greedy(8));
        Sink trackedSink = new Sink();
        SlotKvCache cache;
        int length;
        int slot;
        ContinuousBatch batch = new ContinuousBatch(model, Set.of(), 3, 64, CHUNK);
        try {
            Sink leavesEarly = new Sink();
            batch.admit(request(1, 1, 52, false, GenerationOptions.greedy(2)), leavesEarly); // slot 0, then gone
            batch.admit(tracked, trackedSink);
            for (int i = 0; i < 5; i++) {
                batch.step();
            }
            assertThat(leavesEarly.result).as("the first sequence left, so the tracked one moved").isNotNull();
            cache = batch.cache();
            slot = batch.slotOf(trackedSink);
            length = batch.lengthOf(trackedSink);
            assertThat(slot).isZero();
            List<Long> fed = new ArrayList<>();
            for (long id : tracked.promptIds()) {
                fed.add(id);
            }
            fed.addAll(trackedSink.tokens.subList(0, length - tracked.promptIds().length));
            float[][] reference = concatenatedKeysAndValues(tracked, fed);
            int layers = model.languageModel().layers().size();
            for (int layer : new int[] {0, layers - 1}) {
                float[] k = cache.keys(layer, slot, length);
                float[] v = cache.values(layer, slot, length);
                assertThat(k).hasSameSizeAs(reference[2 * (layer == 0 ? 0 : 1)]);
                for (int i = 0; i < k.length; i++) {
                    assertEquals(reference[2 * (layer == 0 ? 0 : 1)][i], k[i], 1e-4, "key " + i + " layer " + layer);
                    assertEquals(reference[2 * (layer == 0 ? 0 : 1) + 1][i], v[i], 1e-4, "value " + i);
                }
            }
        } finally {
            batch.close();
        }
    }

    /** Keys and values of the first and last layer after a one-row prefill + token-by-token decode of {@code ids}. */
    private float[][] concatenatedKeysAndValues(SequenceRequest r, List<Long> ids) {
        int p = r.promptIds().length;
        try (NDManager m = model.manager().newSubManager();
                ConcatKvCache cache = new ConcatKvCache(model.languageModel().layers().size(), m);
                NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            long[][] att = {new long[p]};
            java.util.Arrays.fill(att[0], 1);
            NDArray f = m.create(r.imageFeatures(), new Shape(1, n, d));
            model.languageModel().forward(model.inputsEmbeds(new long[][] {r.promptIds()}, f, m), att, cache,
                    ForwardObserver.NONE);
            for (int i = p; i < ids.size(); i++) {
                att = new long[][] {java.util.Arrays.copyOf(att[0], att[0].length + 1)};
                att[0][i] = 1;
                model.languageModel().forward(model.inputsEmbeds(new long[][] {{ids.get(i)}}, null, m), att, cache,
                        ForwardObserver.NONE);
            }
            int last = model.languageModel().layers().size() - 1;
            return new float[][] {cache.keys(0).toFloatArray(), cache.values(0).toFloatArray(),
                cache.keys(last).toFloatArray(), cache.values(last).toFloatArray()};
        }
    }

    @Test
    void noNativeMemoryGrowthOverManyAdmissionsAndEvictions() {
        try (ContinuousBatch batch = new ContinuousBatch(model, Set.of(), 4, 64, CHUNK)) {
            run(batch, 8, 100); // warm every path
            int before = NativeMemory.liveArrays();
            run(batch, 60, 200);
            int after = NativeMemory.liveArrays();
            System.out.printf("continuous batch: live native arrays %d before, %d after 60 admissions%n", before,
                    after);
            assertEquals(before, after, "live native arrays");
        }
    }

    private static void run(ContinuousBatch batch, int requests, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int admitted = 0;
        while (admitted < requests || !batch.isEmpty()) {
            while (admitted < requests && batch.free() > 0 && r.nextInt(3) > 0) {
                int stopAfterSteps = r.nextInt(12); // some leave while joining or prefilling, some while decoding
                int[] steps = {0};
                batch.admit(request(r.nextInt(5), 1 + r.nextInt(5), seed + admitted, r.nextBoolean(),
                        GenerationOptions.greedy(1 + r.nextInt(8))), new Sink(seen -> ++steps[0] > stopAfterSteps));
                admitted++;
            }
            batch.step();
        }
    }
}
