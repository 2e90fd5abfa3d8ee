package dev.lvlmserve.pruning.width;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import dev.lvlmserve.model.llama.LayerShape;
import dev.lvlmserve.model.llama.LlamaModel;
import dev.lvlmserve.model.llava.LlavaModel;
import dev.lvlmserve.model.recipe.LayerWidth;
import dev.lvlmserve.model.recipe.RecipeTensors;
import dev.lvlmserve.pruning.Cancellation;
import dev.lvlmserve.pruning.ProgressListener;
import dev.lvlmserve.pruning.PruningFixtures;
import dev.lvlmserve.pruning.apply.PruneResult;
import dev.lvlmserve.pruning.apply.PruningEngine;
import dev.lvlmserve.pruning.calibration.InMemoryCalibrationSource;
import dev.lvlmserve.pruning.pass.Pipelines;
import dev.lvlmserve.pruning.plan.GqaMode;
import dev.lvlmserve.pruning.plan.ModelShape;
import dev.lvlmserve.pruning.plan.PruneOptions;
import dev.lvlmserve.pruning.plan.PruneRequest;
import dev.lvlmserve.pruning.plan.WidthBudget;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Width methods end to end on the 8-layer tiny model (4 query heads over 2 key/value heads of 8, 64 neurons). */
class WidthPruningTest {
    static final InMemoryCalibrationSource SOURCE = PruningFixtures.answeredSource(4);
    static final PruningEngine ENGINE = new PruningEngine();

    static PruneRequest request(String method, double ratio, PruneOptions o) {
        return PruneRequest.of(method, ratio).withCalibrationSize(4).withSeed(2).withBaseModelId("tiny-8")
                .withOptions(o);
    }

    static PruneResult prune(LlavaModel base, PruneRequest r) {
        return ENGINE.prune(base, SOURCE, r, ProgressListener.NONE, Cancellation.NEVER);
    }

    static void assertClose(float[] expected, float[] actual) {
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-5 * Math.max(1, Math.abs(expected[i])), "logit " + i);
        }
    }

    /** Zeroes, in place, the o_proj columns of {@code heads} and the down_proj columns of {@code neurons}. */
    static void zero(LlavaModel m, int layer, List<Integer> heads, int neurons) {
        String p = LlamaModel.PREFIX + ".layers." + layer;
        NDArray o = m.weights().require(p + ".self_attn.o_proj.weight");
        for (int h : heads) {
            o.set(new NDIndex(":, " + h * 8 + ":" + (h + 1) * 8), 0f);
        }
        if (neurons > 0) {
            m.weights().require(p + ".mlp.down_proj.weight").set(new NDIndex(":, 0:" + neurons), 0f);
        }
    }

    @Test
    void unitsWhoseImportanceIsZeroAreTheOnesRemovedAndTheOutputIsUnchanged() {
        for (GqaMode mode : GqaMode.values()) {
            for (String method : List.of("width-taylor", "width-activation")) {
                PruneRequest r = request(method, 0.3, PruneOptions.DEFAULT.withGqa(mode));
                try (LlavaModel base = PruningFixtures.model(31)) {
                    WidthBudget budget = r.validate(ModelShape.of(base)).width();
                    for (WidthBudget.LayerCut c : budget.cuts()) { // the first units of each group: zero them
                        List<Integer> heads = mode == GqaMode.GROUPS
                                ? IntStream.range(0, 2 * c.removeKvHeads()).boxed().toList()
                                : IntStream.range(0, 2).flatMap(g -> IntStream.range(2 * g,
                                        2 * g + c.removeHeadsPerGroup())).boxed().toList();
                        zero(base, c.layer(), heads, c.removeNeurons());
                    }
                    float[] zeroed = PruningFixtures.logits(base);
                    try (PruneResult result = prune(base, r)) {
                        String what = method + " " + mode;
                        assertTrue(budget.cuts().stream().allMatch(c -> c.removeNeurons() > 0
                                && (c.removeKvHeads() > 0 || c.removeHeadsPerGroup() > 0)), what + " removes both");
                        for (WidthBudget.LayerCut c : budget.cuts()) {
                            LayerWidth w = result.recipe().widths().get(c.layer());
                            List<Integer> keptNeurons = IntStream.range(c.removeNeurons(), 64).boxed().toList();
                            assertEquals(keptNeurons, w.neurons(), what);
                            assertEquals(mode == GqaMode.GROUPS ? List.of(2, 3) : List.of(1, 3), w.heads(), what);
                        }
                        assertClose(zeroed, PruningFixtures.logits(result.variant()));
                    }
                }
            }
        }
    }

    @Test
    void theRatioIsTheFractionOfDecoderParametersRemoved() {
        try (LlavaModel base = PruningFixtures.model(32)) {
            for (double ratio : List.of(0.1, 0.2, 0.3, 0.4)) {
                try (PruneResult r = prune(base, request("width-random", ratio, PruneOptions.DEFAULT))) {
                    double removed = r.report().parameters().decoderRemovedFraction();
                    double oneNeuron = 3.0 * 32 / r.report().parameters().decoderBefore();
                    assertEquals(ratio, removed, 8 * oneNeuron, "within a neuron per layer at " + ratio);
                    assertTrue(r.report().parameters().totalRemovedFraction() < removed);
                    ModelShape after = ModelShape.of(r.variant());
                    assertEquals(r.report().parameters().decoderAfter(), after.decoderParameters());
                    assertEquals(8, r.variant().languageModel().layers().size());
                }
            }
        }
    }

    @Test
    void aLayerRangeNarrowsOnlyThoseLayersByMore() {
        try (LlavaModel base = PruningFixtures.model(33);
                PruneResult r = prune(base, request("width-taylor", 0.2, PruneOptions.DEFAULT
                        .withCandidateLayers(PruneOptions.range("2-5"))))) {
            assertEquals(List.of(2, 3, 4, 5), List.copyOf(r.recipe().widths().keySet()));
            assertEquals(0.4, r.report().width().fraction(), 1e-9); // 0.2 of 8 layers over 4
            List<LayerShape> shapes = r.variant().layerShapes();
            assertEquals(64, shapes.get(0).intermediate());
            assertTrue(shapes.get(3).intermediate() < 64 && shapes.get(3).heads() == 2);
            assertArrayEquals(PruningFixtures.logits(r.variant()), PruningFixtures.logits(
                    base.derive(r.recipe(), RecipeTensors.borrowed(r.tensors().asMap()))));
        }
    }

    @Test
    void invalidWidthRequestsFailWithClearErrors() {
        try (LlavaModel base = PruningFixtures.model(34)) {
            ModelShape shape = ModelShape.of(base);
            assertTrue(message(() -> PruneRequest.of("width-taylor", 1.0)).contains("[0, 1)"));
            assertTrue(message(() -> request("width-taylor", 0.5, PruneOptions.DEFAULT.withCandidateLayers(
                    List.of(6, 7))).validate(shape)).contains("≥ 1 of each"));
            assertTrue(message(() -> request("width-taylor", 0.2, PruneOptions.DEFAULT.withCandidateLayers(
                    PruneOptions.range("6-9"))).validate(shape)).contains("layer 8 is not a decoder layer"));
            assertTrue(message(() -> PruneOptions.range("5-2")).contains("'5-2'"));
            assertTrue(message(() -> request("width-taylor", 0.2, PruneOptions.DEFAULT.withRemoveHeads(3))
                    .validate(shape)).contains("does not divide evenly over the 2 key/value groups"));
            assertTrue(message(() -> request("width-taylor", 0.2, PruneOptions.DEFAULT.withGqa(GqaMode.GROUPS)
                    .withRemoveHeads(1)).validate(shape)).contains("not a multiple of the 2 query heads"));
            assertTrue(message(() -> request("width-taylor", 0.8, PruneOptions.DEFAULT.withGqa(GqaMode.GROUPS))
                    .validate(shape)).contains("leaves none"));
            assertTrue(message(() -> request("short-lvlm", 0.2, PruneOptions.DEFAULT.withGqa(GqaMode.HEADS)))
                    .contains("width methods only"));
            assertTrue(message(() -> request("width-taylor", 0.001, PruneOptions.DEFAULT).validateChange(shape))
                    .contains("removes nothing"));
            String noAnswers = message(() -> ENGINE.prune(base, PruningFixtures.source(2), request("width-taylor",
                    0.2, PruneOptions.DEFAULT), ProgressListener.NONE, Cancellation.NEVER));
            assertTrue(noAnswers.contains("no answer"), noAnswers);
        }
    }

    static String message(Executable e) {
        return assertThrows(IllegalArgumentException.class, e).getMessage();
    }

    @Test
    void layerRemovalThenWidthComposeIntoOneRecipe() {
        PruneRequest layers = request("block-influence", 0.25, PruneOptions.DEFAULT);
        PruneRequest width = request("width-activation", 0.2, PruneOptions.DEFAULT);
        try (LlavaModel base = PruningFixtures.model(35);
                PruneResult r = ENGINE.run(base, SOURCE, layers, Pipelines.compose(List.of(layers, width)),
                        ProgressListener.NONE, Cancellation.NEVER)) {
            assertEquals(2, r.recipe().removedLayers().size());
            assertEquals(6, r.recipe().widths().size());
            assertTrue(r.recipe().widths().keySet().stream().noneMatch(r.recipe().removedLayers()::contains));
            assertEquals(List.of("layer-scores", "remove-layers", "compensate", "width-importance", "slice-width"),
                    r.report().passes());
            assertArrayEquals(PruningFixtures.logits(r.variant()), PruningFixtures.logits(
                    base.derive(r.recipe(), RecipeTensors.borrowed(r.tensors().asMap()))));
            assertThrows(IllegalArgumentException.class, () -> Pipelines.compose(List.of(width, layers)));
        }
    }

    @Test
    void theSameSeedGivesTheSameRecipeAndAnotherSeedAnotherRandomOne() {
        try (LlavaModel base = PruningFixtures.model(36);
                PruneResult a = prune(base, request("width-taylor", 0.3, PruneOptions.DEFAULT));
                PruneResult b = prune(base, request("width-taylor", 0.3, PruneOptions.DEFAULT));
                PruneResult c = prune(base, request("width-random", 0.3, PruneOptions.DEFAULT));
                PruneResult d = prune(base, request("width-random", 0.3, PruneOptions.DEFAULT).withSeed(9))) {
            assertEquals(a.recipe().withReport(null), b.recipe().withReport(null));
            assertEquals(a.report().withoutTimings(), b.report().withoutTimings());
            assertNotEquals(c.recipe().widths(), d.recipe().widths());
        }
    }
}
