package dev.lvlmserve.model.llava;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.lvlmserve.model.Djl;
import dev.lvlmserve.model.TinyModels;
import dev.lvlmserve.model.config.LlavaConfig;
import dev.lvlmserve.model.llama.LlamaModel;
import dev.lvlmserve.model.nn.WeightMap;
import dev.lvlmserve.model.recipe.RecipeTensors;
import dev.lvlmserve.model.recipe.VariantRecipe;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link LlavaModel#derive}: layer removal, replacements, sharing and ownership (widths and deltas: own tests). */
class DerivedModelTest {
    static final LlavaConfig CONFIG = TinyModels.config("llama", false);
    static final String L = LlamaModel.PREFIX + ".layers.";

    static float[] logits(LlavaModel model) {
        return TinyModels.logits(model);
    }

    static VariantRecipe empty(LlavaModel base) {
        return VariantRecipe.empty(new VariantRecipe.Base("tiny", null, base.languageModel().layerIds().size()));
    }

    static void assertClose(float[] expected, float[] actual, double tol) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], tol * Math.max(1, Math.abs(expected[i])), "logit " + i);
        }
    }

    @Test
    void anEmptyRecipeIsBitIdenticalAndSharesEveryTensor() {
        try (LlavaModel base = TinyModels.model(CONFIG, 3);
                LlavaModel same = base.derive(empty(base), RecipeTensors.none())) {
            assertArrayEquals(logits(base), logits(same));
            assertSame(base.weights(), same.weights());
            assertEquals(base.config(), same.config());
            assertEquals(0, same.ownedBytes());
        }
    }

    @Test
    void removingLayerKEqualsACheckpointWithoutLayerK() {
        int k = 2;
        try (LlavaModel base = TinyModels.model(CONFIG, 4);
                NDManager other = Djl.newManager()) {
            LlavaModel pruned = base.derive(empty(base).withRemovedLayers(List.of(k)), RecipeTensors.none());
            // The same weights written as a 3-layer checkpoint: layers above k renumbered down by one.
            Map<String, NDArray> renumbered = new LinkedHashMap<>();
            base.weights().asMap().forEach((key, v) -> {
                if (!key.startsWith(L)) {
                    renumbered.put(key, v.duplicate());
                    return;
                }
                int start = L.length();
                int layer = Integer.parseInt(key.substring(start, key.indexOf('.', start)));
                if (layer != k) {
                    int to = layer > k ? layer - 1 : layer;
                    renumbered.put(L + to + key.substring(key.indexOf('.', start)), v.duplicate());
                }
            });
            renumbered.values().forEach(a -> a.attach(other));
            LlavaConfig three = CONFIG.withTextConfig(CONFIG.textConfig().withNumHiddenLayers(3));
            LlavaModel checkpoint = new LlavaModel(three, new WeightMap(renumbered), List.of(0, 1, 2), other,
                    List.of());
            assertArrayEquals(logits(checkpoint), logits(pruned));
            assertEquals(List.of(0, 1, 3), pruned.languageModel().layerIds());
            assertEquals(3, pruned.config().textConfig().numHiddenLayers());
            base.weights().asMap().forEach((key, v) -> {
                if (pruned.weights().asMap().containsKey(key)) {
                    assertSame(v, pruned.weights().require(key), key);
                }
            });
            assertEquals(0, pruned.ownedBytes());
        }
    }

    @Test
    void replacementsChangeOnlyTheirTensorAndAreOwnedByTheVariant() {
        try (LlavaModel base = TinyModels.model(CONFIG, 5)) {
            String key = L + "1.mlp.down_proj.weight";
            NDManager own = base.manager().newSubManager();
            NDArray scaled = base.weights().require(key).mul(2f);
            scaled.attach(own);
            LlavaModel edited = base.derive(empty(base).withReplacements(List.of(key)),
                    new RecipeTensors(own, Map.of(key, scaled)));
            assertSame(scaled, edited.weights().require(key));
            assertEquals(scaled.size() * 4, edited.ownedBytes());
            float[] a = logits(base);
            float[] b = logits(edited);
            assertTrue(!Arrays.equals(a, b));
            edited.close();
            assertArrayEquals(a, logits(base)); // the base still works after the variant is closed
        }
    }

    @Test
    void aRecipeThatDoesNotFitIsRejectedClearly() {
        try (LlavaModel base = TinyModels.model(CONFIG, 6); LlavaModel other = TinyModels.model(CONFIG, 7)) {
            VariantRecipe nine = VariantRecipe.empty(new VariantRecipe.Base("tiny", null, 12))
                    .withRemovedLayers(List.of(9));
            assertTrue(message(() -> base.derive(nine, RecipeTensors.none())).contains("12-layer decoder"));
            String missing = message(() -> base.derive(empty(base).withReplacements(List.of(L + "1.mlp.up_proj"
                    + ".weight")), RecipeTensors.none()));
            assertTrue(missing.contains("needs tensor"), missing);
            VariantRecipe forOther = VariantRecipe.empty(new VariantRecipe.Base("other", ModelFingerprint.of(other),
                    4)).withRemovedLayers(List.of(1));
            String m = message(() -> base.derive(forOther, RecipeTensors.none()));
            assertTrue(m.contains("'other'") && m.contains("fingerprint"), m);
            try (LlavaModel ok = other.derive(forOther, RecipeTensors.none())) {
                assertNotSame(other.weights(), ok.weights());
            }
        }
    }

    static String message(org.junit.jupiter.api.function.Executable e) {
        return assertThrows(IllegalArgumentException.class, e).getMessage();
    }
}
