package dev.lvlmserve.model.llava;

import static dev.lvlmserve.model.llava.DerivedModelTest.L;
import static dev.lvlmserve.model.llava.DerivedModelTest.assertClose;
import static dev.lvlmserve.model.llava.DerivedModelTest.empty;
import static dev.lvlmserve.model.llava.DerivedModelTest.logits;
import static dev.lvlmserve.model.llava.DerivedModelTest.message;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import dev.lvlmserve.model.TinyModels;
import dev.lvlmserve.model.config.LlavaConfig;
import dev.lvlmserve.model.config.TextConfig;
import dev.lvlmserve.model.llama.LayerShape;
import dev.lvlmserve.model.nn.WeightMap;
import dev.lvlmserve.model.recipe.DeltaMode;
import dev.lvlmserve.model.recipe.LayerWidth;
import dev.lvlmserve.model.recipe.LowRankDelta;
import dev.lvlmserve.model.recipe.RecipeTensors;
import dev.lvlmserve.model.recipe.VariantRecipe;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Narrowed layers and low-rank deltas. A unit whose weights are zero contributes nothing, so removing it must not
 * change the output; a factored delta must equal its materialized twin, which must equal the plain replacement
 * W + B·A.
 */
class RecipeWidthsAndDeltasTest {
    static final LlavaConfig CONFIG = TinyModels.config("llama", false); // 4 heads over 2 kv heads, hd 8, I 64
    static final int HD = 8;

    /** The base with some columns of {@code key} set to zero, as a variant (a replacement). */
    static RecipeTensors zeroedColumns(LlavaModel base, String key, int[] cols) {
        NDManager own = base.manager().newSubManager();
        NDArray w = base.weights().require(key).duplicate();
        w.attach(own);
        for (int c : cols) {
            w.set(new NDIndex(":, " + c), 0f);
        }
        return new RecipeTensors(own, Map.of(key, w));
    }

    static int[] headColumns(int... heads) {
        return IntStream.of(heads).flatMap(h -> IntStream.range(h * HD, (h + 1) * HD)).toArray();
    }

    @Test
    void removingZeroedHeadsFromEveryGroupLeavesTheOutputUnchanged() {
        String o = L + "1.self_attn.o_proj.weight";
        try (LlavaModel base = TinyModels.model(CONFIG, 11);
                LlavaModel zeroed = base.derive(empty(base).withReplacements(List.of(o)),
                        zeroedColumns(base, o, headColumns(0, 3)));
                LlavaModel narrowed = base.derive(empty(base).withReplacements(List.of(o))
                        .withWidths(Map.of(1, new LayerWidth(List.of(1, 2), null, null))),
                        zeroedColumns(base, o, headColumns(0, 3)))) {
            assertClose(logits(zeroed), logits(narrowed), 1e-5);
            assertEquals(new LayerShape(1, 2, 2, 64), narrowed.layerShapes().get(1));
            assertFalse(java.util.Arrays.equals(logits(base), logits(narrowed)), "the zeroed heads did matter");
        }
    }

    @Test
    void removingAZeroedKeyValueGroupWithItsHeadsLeavesTheOutputUnchanged() {
        String o = L + "2.self_attn.o_proj.weight";
        try (LlavaModel base = TinyModels.model(CONFIG, 12);
                LlavaModel zeroed = base.derive(empty(base).withReplacements(List.of(o)),
                        zeroedColumns(base, o, headColumns(2, 3)));
                LlavaModel narrowed = base.derive(empty(base).withReplacements(List.of(o))
                        .withWidths(Map.of(2, new LayerWidth(List.of(0, 1), List.of(0), null))),
                        zeroedColumns(base, o, headColumns(2, 3)))) {
            assertClose(logits(zeroed), logits(narrowed), 1e-5);
            assertEquals(new LayerShape(2, 2, 1, 64), narrowed.layerShapes().get(2));
        }
    }

    @Test
    void removingZeroedNeuronsLeavesTheOutputUnchanged() {
        String down = L + "0.mlp.down_proj.weight";
        int[] dead = {5, 9, 60};
        List<Integer> kept = IntStream.range(0, 64).filter(i -> i != 5 && i != 9 && i != 60).boxed().toList();
        try (LlavaModel base = TinyModels.model(CONFIG, 13);
                LlavaModel zeroed = base.derive(empty(base).withReplacements(List.of(down)),
                        zeroedColumns(base, down, dead));
                LlavaModel narrowed = base.derive(empty(base).withReplacements(List.of(down))
                        .withWidths(Map.of(0, new LayerWidth(null, null, kept))), zeroedColumns(base, down, dead))) {
            assertClose(logits(zeroed), logits(narrowed), 1e-5);
            assertEquals(61, narrowed.layerShapes().getFirst().intermediate());
            // untouched layers stay shared
            assertSame(base.weights().require(L + "3.mlp.up_proj.weight"),
                    narrowed.weights().require(L + "3.mlp.up_proj.weight"));
        }
    }

    @Test
    void uniformWidthsBecomeTheConfigAndPerLayerWidthsKeepIt() {
        Map<Integer, LayerWidth> all = new LinkedHashMap<>();
        for (int l = 0; l < 4; l++) {
            all.put(l, new LayerWidth(List.of(0, 2), null, IntStream.range(0, 48).boxed().toList()));
        }
        try (LlavaModel base = TinyModels.model(CONFIG, 14);
                LlavaModel uniform = base.derive(empty(base).withWidths(all), RecipeTensors.none());
                LlavaModel mixed = base.derive(empty(base).withWidths(Map.of(1, all.get(1))), RecipeTensors.none())) {
            TextConfig t = uniform.config().textConfig();
            assertEquals(List.of(2, 2, 48, 8), List.of(t.numAttentionHeads(), t.numKeyValueHeads(),
                    t.intermediateSize(), t.headDim()));
            assertEquals(CONFIG.textConfig(), mixed.config().textConfig());
            assertEquals(List.of(4, 2, 4, 4), mixed.layerShapes().stream().map(LayerShape::heads).toList());
        }
    }

    @Test
    void headsThatBreakTheGroupingOrLeaveTheRangeAreRejected() {
        try (LlavaModel base = TinyModels.model(CONFIG, 15)) {
            String uneven = message(() -> base.derive(empty(base).withWidths(Map.of(1, new LayerWidth(
                    List.of(0, 1, 2), null, null))), RecipeTensors.none()));
            assertTrue(uneven.contains("same number of query heads"), uneven);
            String orphan = message(() -> base.derive(empty(base).withWidths(Map.of(1, new LayerWidth(
                    List.of(0, 2), List.of(0), null))), RecipeTensors.none()));
            assertTrue(orphan.contains("query head 2 is kept but its key/value head 1 is removed"), orphan);
            String range = message(() -> base.derive(empty(base).withWidths(Map.of(0, new LayerWidth(null, null,
                    List.of(3, 64)))), RecipeTensors.none()));
            assertTrue(range.contains("[0, 64)"), range);
            String none = message(() -> base.derive(empty(base).withWidths(Map.of(0, new LayerWidth(null, null,
                    List.of()))), RecipeTensors.none()));
            assertTrue(none.contains("keeps nothing"), none);
        }
    }

    /** Random factors of rank {@code k} for a weight of {@code shape} (out, in), scaled so the delta matters. */
    static Map<String, NDArray> factors(NDManager m, LowRankDelta d, Shape shape) {
        NDArray a = m.randomNormal(0, 0.3f, new Shape(d.rank(), shape.get(1)), ai.djl.ndarray.types.DataType.FLOAT32);
        NDArray b = m.randomNormal(0, 0.3f, new Shape(shape.get(0), d.rank()), ai.djl.ndarray.types.DataType.FLOAT32);
        return Map.of(d.aKey(), a, d.bKey(), b);
    }

    /** Copies of {@code t} in a manager the derived model will own. */
    static RecipeTensors owned(LlavaModel base, Map<String, NDArray> t) {
        NDManager own = base.manager().newSubManager();
        Map<String, NDArray> copies = new LinkedHashMap<>();
        t.forEach((k, v) -> {
            NDArray c = v.duplicate();
            c.attach(own);
            copies.put(k, c);
        });
        return new RecipeTensors(own, copies);
    }

    @Test
    void aFactoredDeltaEqualsItsMaterializedTwinAndThePlainReplacement() {
        String down = L + "2.mlp.down_proj.weight";
        String q = L + "0.self_attn.q_proj.weight";
        LowRankDelta d1 = new LowRankDelta("scp.2", down, 3, 1.0, "scp");
        LowRankDelta d2 = new LowRankDelta("lora.2", down, 2, 0.5, "lora");
        LowRankDelta d3 = new LowRankDelta("lora.q", q, 4, 2.0, "lora");
        try (LlavaModel base = TinyModels.model(CONFIG, 16); NDManager m = base.manager().newSubManager()) {
            Map<String, NDArray> t = new LinkedHashMap<>();
            t.putAll(factors(m, d1, base.weights().require(down).getShape()));
            t.putAll(factors(m, d2, base.weights().require(down).getShape()));
            t.putAll(factors(m, d3, base.weights().require(q).getShape()));
            VariantRecipe r = empty(base).withDeltas(List.of(d1, d2, d3));
            try (LlavaModel factored = base.derive(r, owned(base, t));
                    LlavaModel materialized = base.derive(r.withDeltaMode(DeltaMode.MATERIALIZED),
                            RecipeTensors.borrowed(t))) {
                float[] f = logits(factored);
                assertClose(logits(materialized), f, 1e-4);
                assertFalse(java.util.Arrays.equals(logits(base), f), "the deltas matter");
                assertSame(base.weights().require(down), factored.weights().require(down), "W stays shared");
                assertEquals(4L * ((3 + 2) * (32 + 64) + 4 * (32 + 32)), factored.ownedBytes(),
                        "factored: k·(out+in) floats per weight (two deltas stacked on down_proj)");
                assertEquals(4L * (32 * 64 + 32 * 32), materialized.ownedBytes(), "materialized: full copies");
                // the naive twin: W + Σ scale·B·A, written by hand as a replacement
                NDManager own = base.manager().newSubManager();
                NDArray w = base.weights().require(down).add(t.get(d1.bKey()).matMul(t.get(d1.aKey())))
                        .add(t.get(d2.bKey()).matMul(t.get(d2.aKey())).mul(0.5f));
                NDArray wq = base.weights().require(q).add(t.get(d3.bKey()).matMul(t.get(d3.aKey())).mul(2f));
                w.attach(own);
                wq.attach(own);
                try (LlavaModel plain = base.derive(empty(base).withReplacements(List.of(down, q)),
                        new RecipeTensors(own, Map.of(down, w, q, wq)))) {
                    assertClose(logits(plain), logits(materialized), 1e-5);
                }
            }
        }
    }

    @Test
    void deltasOnANarrowedTensorAreSlicedWithIt() {
        String down = L + "1.mlp.down_proj.weight";
        String up = L + "1.mlp.up_proj.weight";
        LowRankDelta d1 = new LowRankDelta("d", down, 2, 1.0, "scp");
        LowRankDelta d2 = new LowRankDelta("u", up, 2, 1.0, "lora");
        List<Integer> kept = IntStream.range(0, 64).filter(i -> i % 3 != 0).boxed().toList();
        try (LlavaModel base = TinyModels.model(CONFIG, 17); NDManager m = base.manager().newSubManager()) {
            Map<String, NDArray> t = new LinkedHashMap<>(factors(m, d1, base.weights().require(down).getShape()));
            t.putAll(factors(m, d2, base.weights().require(up).getShape()));
            VariantRecipe r = empty(base).withDeltas(List.of(d1, d2))
                    .withWidths(Map.of(1, new LayerWidth(List.of(1, 3), null, kept)));
            try (LlavaModel factored = base.derive(r, RecipeTensors.borrowed(t));
                    LlavaModel materialized = base.derive(r.withDeltaMode(DeltaMode.MATERIALIZED),
                            RecipeTensors.borrowed(t))) {
                assertClose(logits(materialized), logits(factored), 1e-4);
                assertEquals(List.of(2L, (long) kept.size()), List.of(
                        factored.weights().require(L + "1.mlp.down_proj" + WeightMap.DELTA_A).getShape().get(0),
                        factored.weights().require(L + "1.mlp.down_proj" + WeightMap.DELTA_A).getShape().get(1)));
            }
        }
    }

    @Test
    void factorsThatDoNotFitTheirTargetAreRejected() {
        String down = L + "1.mlp.down_proj.weight";
        LowRankDelta d = new LowRankDelta("d", down, 2, 1.0, "scp");
        try (LlavaModel base = TinyModels.model(CONFIG, 18); NDManager m = base.manager().newSubManager()) {
            Map<String, NDArray> t = factors(m, d, new Shape(32, 63));
            String msg = message(() -> base.derive(empty(base).withDeltas(List.of(d)), RecipeTensors.borrowed(t)));
            assertTrue(msg.contains("do not fit"), msg);
            assertArrayEquals(logits(base), logits(base));
        }
    }
}
