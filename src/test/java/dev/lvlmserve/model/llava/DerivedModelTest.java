package dev.lvlmserve.model.llava;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.lvlmserve.model.Djl;
import dev.lvlmserve.model.TinyModels;
import dev.lvlmserve.model.config.LlavaConfig;
import dev.lvlmserve.model.generate.ForwardObserver;
import dev.lvlmserve.model.llama.LlamaModel;
import dev.lvlmserve.model.nn.WeightMap;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DerivedModelTest {
    static final LlavaConfig CONFIG = TinyModels.config("llama", false);

    static float[] logits(LlavaModel model) {
        try (NDManager m = model.manager().newSubManager()) {
            SplittableRandom r = new SplittableRandom(1);
            int size = model.config().visionConfig().imageSize();
            float[] px = new float[3 * size * size];
            for (int i = 0; i < px.length; i++) {
                px[i] = (float) r.nextGaussian();
            }
            int n = model.config().imageSeqLength();
            long[] ids = new long[3 + n + 4];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = i >= 3 && i < 3 + n ? TinyModels.IMAGE_TOKEN : 3 + (i * 7) % 40;
            }
            long[][] att = {new long[ids.length]};
            Arrays.fill(att[0], 1);
            NDArray feats = model.imageFeatures(m.create(px, new Shape(1, 3, size, size)), ForwardObserver.NONE);
            NDArray h = model.languageModel().forward(model.inputsEmbeds(new long[][] {ids}, feats, m), att, null,
                    ForwardObserver.NONE);
            return model.logits(h).toFloatArray();
        }
    }

    @Test
    void derivingNothingIsBitIdenticalAndSharesEveryTensor() {
        try (LlavaModel base = TinyModels.model(CONFIG, 3)) {
            LlavaModel same = base.derive(Set.of(), Map.of(), null);
            assertArrayEquals(logits(base), logits(same));
            base.weights().asMap().forEach((k, v) -> assertSame(v, same.weights().require(k), k));
            assertEquals(0, same.ownedBytes());
        }
    }

    @Test
    void removingLayerKEqualsACheckpointWithoutLayerK() {
        int k = 2;
        try (LlavaModel base = TinyModels.model(CONFIG, 4);
                NDManager other = Djl.newManager()) {
            LlavaModel pruned = base.derive(Set.of(k), Map.of(), null);
            // The same weights written as a 3-layer checkpoint: layers above k renumbered down by one.
            Map<String, NDArray> renumbered = new LinkedHashMap<>();
            String p = LlamaModel.PREFIX + ".layers.";
            base.weights().asMap().forEach((key, v) -> {
                if (!key.startsWith(p)) {
                    renumbered.put(key, v.duplicate());
                    return;
                }
                int start = p.length();
                int layer = Integer.parseInt(key.substring(start, key.indexOf('.', start)));
                if (layer != k) {
                    int to = layer > k ? layer - 1 : layer;
                    renumbered.put(p + to + key.substring(key.indexOf('.', start)), v.duplicate());
                }
            });
            renumbered.values().forEach(a -> a.attach(other));
            LlavaConfig three = CONFIG.withTextConfig(CONFIG.textConfig().withNumHiddenLayers(3));
            LlavaModel checkpoint = new LlavaModel(three, new WeightMap(renumbered), java.util.List.of(0, 1, 2),
                    other, java.util.List.of());
            assertArrayEquals(logits(checkpoint), logits(pruned));
            assertEquals(java.util.List.of(0, 1, 3), pruned.languageModel().layerIds());
            assertEquals(3, pruned.config().textConfig().numHiddenLayers());
        }
    }

    @Test
    void replacementsChangeOnlyTheirTensorAndAreOwnedByTheVariant() {
        try (LlavaModel base = TinyModels.model(CONFIG, 5)) {
            String key = LlamaModel.PREFIX + ".layers.1.mlp.down_proj.weight";
            NDManager own = base.manager().newSubManager();
            NDArray scaled = base.weights().require(key).mul(2f);
            scaled.attach(own);
            LlavaModel edited = base.derive(Set.of(), Map.of(key, scaled), own);
            assertSame(scaled, edited.weights().require(key));
            assertEquals(scaled.size() * 4, edited.ownedBytes());
            float[] a = logits(base);
            float[] b = logits(edited);
            boolean differs = false;
            for (int i = 0; i < a.length; i++) {
                differs |= a[i] != b[i];
            }
            org.junit.jupiter.api.Assertions.assertTrue(differs);
            edited.close();
            logits(base); // the base still works after the variant is closed
        }
    }

    @Test
    void removingAnUnknownLayerIsRejected() {
        try (LlavaModel base = TinyModels.model(CONFIG, 6)) {
            assertThrows(IllegalArgumentException.class, () -> base.derive(Set.of(9), Map.of(), null));
        }
    }
}
