package dev.lvlmserve.pruning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.lvlmserve.model.Djl;
import dev.lvlmserve.model.llava.LlavaModel;
import dev.lvlmserve.model.llava.RandomWeights;
import dev.lvlmserve.model.nn.WeightMap;
import dev.lvlmserve.model.recipe.RecipeTensors;
import dev.lvlmserve.model.recipe.VariantRecipe;
import dev.lvlmserve.pruning.apply.PruneResult;
import dev.lvlmserve.pruning.apply.PruningEngine;
import dev.lvlmserve.pruning.plan.PruneRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Pruning a float16 model (what {@code prune --dtype float16} and a GPU server's jobs do): the method families that
 * need no gradients — layer scoring through attention probabilities (Short-LVLM), SCP's low-rank deltas, width by
 * activations or at random — must run on float16 weights and keep every tensor of the variant in float16, and the
 * variant must compute what its recipe applied to the float32 base computes, within float16's tolerance (the one
 * {@code HalfPrecisionTest} states for the model itself). width-taylor needs gradients, which float16 models cannot
 * give ({@link dev.lvlmserve.model.Autograd}): it is refused before any work, with the way out in the message.
 */
class HalfPrecisionPruningTest {
    static final double LOGIT_TOLERANCE = 5e-3;
    static final PruningEngine ENGINE = new PruningEngine();

    /**
     * PruningFixtures' model with every tensor rounded to float16, held in {@code dtype}: the same base in both
     * dtypes, as an F16 checkpoint loaded either way (so both have one fingerprint and the recipe applies to both).
     */
    static LlavaModel roundedModel(long seed, DataType dtype) {
        NDManager m = Djl.newManager();
        Map<String, NDArray> out = new LinkedHashMap<>();
        for (Map.Entry<String, NDArray> e : RandomWeights.generate(PruningFixtures.CONFIG, seed, 0.2, m).entrySet()) {
            NDArray h = e.getValue().toType(DataType.FLOAT16, false);
            e.getValue().close();
            out.put(e.getKey(), dtype == DataType.FLOAT16 ? h : h.toType(dtype, false));
        }
        return LlavaModel.full(PruningFixtures.CONFIG, new WeightMap(out), m);
    }

    @Test
    void everyMethodFamilyPrunesAFloat16ModelAndKeepsItFloat16() {
        for (String method : List.of("short-lvlm", "scp", "width-activation", "width-random")) {
            PruneRequest r = PruneRequest.of(method, 0.25).withCalibrationSize(4).withSeed(2)
                    .withBaseModelId("tiny-8");
            try (LlavaModel half = roundedModel(41, DataType.FLOAT16);
                    LlavaModel full = roundedModel(41, DataType.FLOAT32);
                    PruneResult result = ENGINE.prune(half, PruningFixtures.answeredSource(4), r,
                            ProgressListener.NONE, Cancellation.NEVER)) {
                VariantRecipe recipe = result.recipe();
                assertFalse(recipe.removedLayers().isEmpty() && recipe.widths().isEmpty(), method + " changed nothing");
                if (method.equals("scp")) {
                    assertFalse(recipe.deltas().isEmpty(), "scp compensates with low-rank deltas");
                }
                for (Map.Entry<String, NDArray> e : result.variant().weights().asMap().entrySet()) {
                    assertEquals(DataType.FLOAT16, e.getValue().getDataType(), method + ": " + e.getKey());
                }
                for (NDArray t : result.tensors().asMap().values()) {
                    assertEquals(DataType.FLOAT16, t.getDataType(), method + ": recipe tensor");
                }
                float[] got = PruningFixtures.logits(result.variant());
                // the same recipe and tensors on the float32 base: the deltas widen to its dtype
                try (LlavaModel reference = full.derive(recipe, RecipeTensors.borrowed(result.tensors().asMap()))) {
                    float[] want = PruningFixtures.logits(reference);
                    double scale = 0;
                    double worst = 0;
                    for (int i = 0; i < want.length; i++) {
                        assertTrue(Float.isFinite(got[i]), method + ": logit " + i + " = " + got[i]);
                        scale = Math.max(scale, Math.abs(want[i]));
                        worst = Math.max(worst, Math.abs(want[i] - got[i]));
                    }
                    assertTrue(scale > 0, method);
                    assertTrue(worst <= LOGIT_TOLERANCE * scale, method + ": max |fp16 - fp32| = " + worst
                            + " of " + scale);
                }
            }
        }
    }

    @Test
    void widthTaylorOnAFloat16ModelIsRefusedWithTheWayOut() {
        PruneRequest r = PruneRequest.of("width-taylor", 0.25).withCalibrationSize(4).withSeed(2)
                .withBaseModelId("tiny-8");
        try (LlavaModel half = roundedModel(42, DataType.FLOAT16)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ENGINE.prune(half,
                    PruningFixtures.answeredSource(4), r, ProgressListener.NONE, Cancellation.NEVER));
            assertTrue(e.getMessage().contains("width-taylor") && e.getMessage().contains("--dtype float32"),
                    e.getMessage());
        }
    }
}
