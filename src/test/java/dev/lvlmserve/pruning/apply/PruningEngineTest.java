package dev.lvlmserve.pruning.apply;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lvlmserve.model.llava.LlavaModel;
import dev.lvlmserve.model.recipe.DeltaMode;
import dev.lvlmserve.model.recipe.RecipeTensors;
import dev.lvlmserve.pruning.Cancellation;
import dev.lvlmserve.pruning.ProgressListener;
import dev.lvlmserve.pruning.PruningFixtures;
import dev.lvlmserve.pruning.calibration.CalibrationSource;
import dev.lvlmserve.pruning.calibration.FeaturePooling;
import dev.lvlmserve.pruning.calibration.InMemoryCalibrationSource;
import dev.lvlmserve.pruning.compensation.LayerPair;
import dev.lvlmserve.pruning.compensation.LayerPairing;
import dev.lvlmserve.pruning.compensation.ScpTarget;
import dev.lvlmserve.pruning.plan.CompensationRecord;
import dev.lvlmserve.pruning.plan.PruneOptions;
import dev.lvlmserve.pruning.plan.PruneRequest;
import dev.lvlmserve.pruning.plan.PruningPlan;
import dev.lvlmserve.pruning.scoring.TokenSelection;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PruningEngineTest {
    static LlavaModel base;
    static float[] baseLogits;
    static final CalibrationSource SOURCE = PruningFixtures.source(6);
    static final PruningEngine ENGINE = new PruningEngine();

    @BeforeAll
    static void load() {
        base = PruningFixtures.model(5);
        baseLogits = PruningFixtures.logits(base);
    }

    @AfterAll
    static void close() {
        base.close();
    }

    static PruneResult prune(PruneRequest r) {
        return ENGINE.prune(base, SOURCE, r, ProgressListener.NONE, Cancellation.NEVER);
    }

    static PruneRequest request(String method, double ratio) {
        return PruneRequest.of(method, ratio).withCalibrationSize(4).withSeed(3).withBaseModelId("tiny-8");
    }

    @Test
    void anEmptyRecipeIsBitIdenticalToTheBaseAndSharesEveryTensor() {
        for (String method : List.of("short-lvlm", "width-taylor", "width-random")) {
            try (PruneResult r = prune(request(method, 0))) {
                assertTrue(r.report().isEmpty() && r.recipe().isEmpty(), method);
                assertNull(r.report().calibrationHash(), method); // nothing to remove: no calibration ran
                assertArrayEquals(baseLogits, PruningFixtures.logits(r.variant()), method);
                base.weights().asMap().forEach((k, v) -> assertSame(v, r.variant().weights().require(k), k));
                assertEquals(0, r.variant().ownedBytes(), method);
            }
        }
    }

    @Test
    void rankZeroScpIsBitIdenticalToPlainRemoval() {
        PruneOptions rank0 = PruneOptions.DEFAULT.withRank(0);
        try (PruneResult scp = prune(request("short-lvlm", 0.25).withOptions(rank0));
                PruneResult plain = prune(request("tis", 0.25))) {
            assertEquals(plain.recipe().removedLayers(), scp.recipe().removedLayers());
            assertEquals(2, scp.report().compensation().size());
            scp.report().compensation().forEach(c -> assertEquals(0, c.rank()));
            assertTrue(scp.recipe().deltas().isEmpty());
            assertArrayEquals(PruningFixtures.logits(plain.variant()), PruningFixtures.logits(scp.variant()));
            assertEquals(0, scp.variant().ownedBytes());
        }
    }

    @Test
    void shortLvlmRemovesTheMostSimilarLayersAndEditsOnlyTheirPartners() {
        PruneOptions materialized = PruneOptions.DEFAULT.withDeltaMode(DeltaMode.MATERIALIZED);
        try (PruneResult r = prune(request("short-lvlm", 0.25).withOptions(materialized))) {
            PruningPlan p = r.report();
            assertEquals(2, p.removedLayers().size());
            assertEquals(TokenSelection.KEPT, p.scoredBy());
            assertEquals(List.of(4, 5, 6, 7), p.candidateLayers());
            Map<Integer, Double> score = new TreeMap<>();
            p.layerScores().forEach(s -> score.put(s.layer(), s.score()));
            double minRemoved = p.removedLayers().stream().mapToDouble(score::get).min().orElseThrow();
            score.forEach((layer, s) -> assertTrue(p.removedLayers().contains(layer) || s <= minRemoved));
            List<Integer> retained = IntStream.range(0, 8).filter(l -> !p.removedLayers().contains(l)).boxed()
                    .toList();
            List<LayerPair> pairs = LayerPairing.nearestRetained(p.removedLayers(), retained);
            Set<String> edited = new HashSet<>();
            for (int i = 0; i < pairs.size(); i++) {
                CompensationRecord c = p.compensation().get(i);
                assertEquals(pairs.get(i), new LayerPair(c.removed(), c.retained()));
                assertEquals(1, c.rank()); // max(1, round(64·32/4096))
                assertEquals(4, c.featureRows());
                edited.add("language_model.model.layers." + c.retained() + ".mlp.down_proj.weight");
            }
            base.weights().asMap().forEach((k, v) -> {
                if (r.variant().weights().asMap().containsKey(k) && !edited.contains(k)) {
                    assertSame(v, r.variant().weights().require(k), k);
                }
            });
            edited.forEach(k -> assertFalse(base.weights().require(k) == r.variant().weights().require(k), k));
            assertEquals(6, r.variant().languageModel().layerIds().size());
            assertEquals(p.removedLayers(), r.recipe().removedLayers());
            assertEquals(2, r.recipe().deltas().size());
            assertTrue(p.timingsMs().keySet().containsAll(List.of("calibrate", "localize", "compensate", "apply")));
            assertFalse(p.timingsMs().containsKey("capture-features"), "features fit the budget: one pass");
            assertEquals(List.of("layer-scores", "remove-layers", "compensate"), p.passes());
        }
    }

    @Test
    void aFactoredShortLvlmVariantEqualsTheMaterializedOneAndOwnsOnlyItsFactors() {
        PruneOptions materialized = PruneOptions.DEFAULT.withDeltaMode(DeltaMode.MATERIALIZED);
        try (PruneResult f = prune(request("short-lvlm", 0.25));
                PruneResult m = prune(request("short-lvlm", 0.25).withOptions(materialized))) {
            assertEquals(DeltaMode.FACTORED, f.recipe().deltaMode());
            float[] a = PruningFixtures.logits(m.variant());
            float[] b = PruningFixtures.logits(f.variant());
            for (int i = 0; i < a.length; i++) {
                assertEquals(a[i], b[i], 1e-4 * Math.max(1, Math.abs(a[i])));
            }
            // k = 1 per pair: A (1, I) + B (D, 1) floats against a full D×I copy
            assertEquals(2L * 4 * (64 + 32), f.variant().ownedBytes());
            assertEquals(2L * 4 * 64 * 32, m.variant().ownedBytes());
        }
    }

    @Test
    void theSameSeedGivesTheSamePlan() {
        try (PruneResult a = prune(request("short-lvlm", 0.25)); PruneResult b = prune(request("short-lvlm", 0.25))) {
            assertEquals(a.report().withoutTimings(), b.report().withoutTimings());
            assertEquals(a.recipe().withReport(null), b.recipe().withReport(null));
            assertArrayEquals(PruningFixtures.logits(a.variant()), PruningFixtures.logits(b.variant()));
        }
        List<List<Integer>> random = new ArrayList<>();
        for (long seed : new long[] {1, 1, 2, 3, 4}) {
            try (PruneResult r = prune(request("random", 0.25).withSeed(seed))) {
                random.add(r.recipe().removedLayers());
            }
        }
        assertEquals(random.get(0), random.get(1));
    }

    @Test
    void aSecondCapturePassGivesTheSameSubspacesAsCapturingDuringScoring() {
        PruneOptions twoPass = PruneOptions.DEFAULT.withCaptureBudgetBytes(0);
        try (PruneResult one = prune(request("short-lvlm", 0.25));
                PruneResult two = prune(request("short-lvlm", 0.25).withOptions(twoPass))) {
            assertTrue(two.report().timingsMs().containsKey("capture-features"));
            assertEquals(one.report().compensation(), two.report().compensation());
            one.tensors().asMap().forEach((key, t) -> assertArrayEquals(t.toFloatArray(),
                    two.tensors().asMap().get(key).toFloatArray(), key));
            assertArrayEquals(PruningFixtures.logits(one.variant()), PruningFixtures.logits(two.variant()));
        }
    }

    @Test
    void everyMethodProducesAPlanOfTheRequestedSize() {
        for (String method : List.of("short-lvlm", "tis", "scp", "cosine-all", "text-only", "vision-only",
                "block-influence", "last-n", "random")) {
            try (PruneResult r = prune(request(method, 0.25))) {
                assertEquals(2, r.recipe().removedLayers().size(), method);
                assertEquals(r.report().method().compensatesByDefault(), !r.report().compensation().isEmpty(),
                        method);
                assertEquals(6, r.variant().languageModel().layerIds().size(), method);
                for (float v : PruningFixtures.logits(r.variant())) {
                    assertTrue(Float.isFinite(v), method);
                }
            }
        }
        try (PruneResult r = prune(request("last-n", 0.25))) {
            assertEquals(List.of(6, 7), r.recipe().removedLayers());
            assertNull(r.report().calibrationHash());
        }
        try (PruneResult r = prune(request("block-influence", 0.25))) {
            assertEquals(8, r.report().layerScores().size()); // every layer is a candidate
        }
    }

    @Test
    void enumerationReturnsTheEvaluatorsBestSubset() {
        List<Set<Integer>> seen = new ArrayList<>();
        PruneRequest r = request("enumerate", 0.25).withEvaluator(s -> {
            seen.add(s);
            return s.equals(Set.of(4, 6)) ? 2.0 : s.contains(7) ? 1.0 : 0.0;
        });
        try (PruneResult result = prune(r)) {
            assertEquals(List.of(4, 6), result.recipe().removedLayers());
            assertEquals(6, seen.size()); // C(4, 2)
            assertEquals(2.0, result.report().metrics().get("enumerate.best_score"));
        }
        PruneRequest capped = r.withOptions(PruneOptions.DEFAULT.withEnumerationCap(5));
        assertThrows(IllegalArgumentException.class, () -> prune(capped));
    }

    @Test
    void theOtherTargetsAndPoolingsRun() {
        for (PruneOptions o : List.of(
                PruneOptions.DEFAULT.withScpTarget(ScpTarget.ATTN_OUT_OUTPUT),
                PruneOptions.DEFAULT.withScpTarget(ScpTarget.INPUT_SIDE),
                PruneOptions.DEFAULT.withFeaturePooling(FeaturePooling.KEPT_MEAN),
                PruneOptions.DEFAULT.withFeaturePooling(FeaturePooling.STACKED)
                        .withStackedRowCap(20).withRank(3))) {
            try (PruneResult r = prune(request("short-lvlm", 0.25).withOptions(o.withDeltaMode(
                    DeltaMode.MATERIALIZED)))) {
                assertEquals(o.scpTarget(), r.report().scpTarget());
                int editsPerPair = o.scpTarget().modules().size();
                long owned = r.variant().ownedBytes();
                assertTrue(owned > 0 && r.report().compensation().stream().allMatch(c -> c.rank() > 0), o.toString());
                assertEquals(editsPerPair * 2L, r.recipe().deltas().size());
                assertEquals(editsPerPair * 2L, r.variant().weights().asMap().entrySet().stream()
                        .filter(e -> base.weights().asMap().get(e.getKey()) != e.getValue()).count());
                if (o.featurePooling() == FeaturePooling.STACKED) {
                    assertEquals(20, r.report().compensation().getFirst().featureRows()); // 5 rows × 4 samples
                    assertEquals(3, r.report().compensation().getFirst().rank());
                }
            }
        }
    }

    @Test
    void aRecipeAndItsTensorsRebuildTheSameVariantOnlyOnItsBase() {
        try (PruneResult r = prune(request("short-lvlm", 0.25));
                LlavaModel again = base.derive(r.recipe(), RecipeTensors.borrowed(r.tensors().asMap()))) {
            assertArrayEquals(PruningFixtures.logits(r.variant()), PruningFixtures.logits(again));
            assertEquals("tiny-8", r.recipe().base().id());
            assertEquals(r.report(), PruningPlan.fromJson(r.recipe().report()));
            try (LlavaModel other = PruningFixtures.model(6)) {
                String m = assertThrows(IllegalArgumentException.class,
                        () -> other.derive(r.recipe(), RecipeTensors.borrowed(r.tensors().asMap()))).getMessage();
                assertTrue(m.contains("tiny-8"), m);
            }
        }
    }

    @Test
    void cancellationStopsARunAndInvalidInputsFailBeforeAnyWork() {
        List<String> stages = new ArrayList<>();
        assertThrows(CancellationException.class, () -> ENGINE.prune(base, SOURCE, request("short-lvlm", 0.25),
                (stage, done, total) -> stages.add(stage), () -> !stages.isEmpty()));
        assertEquals(List.of("calibrate"), stages);
        CalibrationSource empty = new InMemoryCalibrationSource(List.of());
        String m = assertThrows(IllegalArgumentException.class, () -> ENGINE.prune(base, empty,
                request("short-lvlm", 0.25), ProgressListener.NONE, Cancellation.NEVER)).getMessage();
        assertTrue(m.contains("calibration set is empty"), m);
        try (PruneResult r = ENGINE.prune(base, empty, request("last-n", 0.25), ProgressListener.NONE,
                Cancellation.NEVER)) {
            assertNotNull(r.variant()); // no calibration needed
        }
        PruneRequest tooMany = request("tis", 0.45).withOptions(PruneOptions.DEFAULT.withCandidateLayers(List.of(6,
                7)));
        assertThrows(IllegalArgumentException.class, () -> prune(tooMany));
    }
}
