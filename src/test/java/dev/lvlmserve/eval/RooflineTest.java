package dev.lvlmserve.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lvlmserve.model.TinyModels;
import dev.lvlmserve.model.llava.LlavaModel;
import dev.lvlmserve.model.recipe.LayerWidth;
import dev.lvlmserve.model.recipe.RecipeTensors;
import dev.lvlmserve.model.recipe.VariantRecipe;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The benchmark's bounds, counted by hand for the tiny model (hidden 32, 4 layers, 4 heads over 2, MLP 64). */
class RooflineTest {
    // q 32×32, k and v 16×32, o 32×32, gate and up 64×32, down 32×64
    static final long PER_LAYER_MATRIX = 1024 + 512 + 512 + 1024 + 2048 + 2048 + 2048;
    static final long PER_LAYER_NORMS = 2 * 32;

    @Test
    void prefillCountsLayerGemmsTheFullAttentionSquareAndOneLmHeadRowPerSequence() {
        try (LlavaModel m = TinyModels.model(TinyModels.config("llama", false), 1)) {
            Roofline r = Roofline.of(m);
            assertEquals(4 * PER_LAYER_MATRIX, r.layerMatrixParams());
            double gemms = 2.0 * 4 * PER_LAYER_MATRIX * 2 * 10;
            double attention = 4.0 * 4 * 2 * 4 * 10 * 10 * 8; // layers · batch · heads · T² · hd
            double head = 2.0 * TinyModels.VOCAB * 32 * 2;
            assertEquals(gemms + attention + head, r.prefillFlops(2, 10), 1e-6);
        }
    }

    @Test
    void decodeReadsTheDecoderTheHeadAndTheCacheButNotTheEmbeddingTableOrTheVisionTower() {
        try (LlavaModel m = TinyModels.model(TinyModels.config("llama", false), 1)) {
            Roofline r = Roofline.of(m);
            long decoder = (4 * (PER_LAYER_MATRIX + PER_LAYER_NORMS) + 32) * 4;
            assertEquals(decoder, r.decoderBytes());
            double kv = 2.0 * 4 * 3 * 2 * 20 * 8 * 4; // K and V · layers · batch · kvH · S · hd · bytes
            assertEquals(decoder + TinyModels.VOCAB * 32 * 4 + kv, r.decodeBytes(3, 20), 1e-6);
            try (LlavaModel pruned = m.withoutLayers(List.of(1, 2))) {
                assertEquals(2 * PER_LAYER_MATRIX, Roofline.of(pruned).layerMatrixParams(), "only the layers it runs");
            }
        }
    }

    /** A widthwise-pruned layer computes fewer heads and caches fewer keys: the bounds count what it runs. */
    @Test
    void narrowedLayersCountTheirOwnHeads() {
        try (LlavaModel m = TinyModels.model(TinyModels.config("llama", false), 1);
                LlavaModel narrowed = m.derive(VariantRecipe.empty(new VariantRecipe.Base("t", null, 4))
                        .withWidths(Map.of(2, new LayerWidth(List.of(0, 1), List.of(0), null))), RecipeTensors.none())) {
            Roofline r = Roofline.of(narrowed);
            assertEquals(4 * 4 - 2, r.queryHeads(), "layer 2 keeps the two query heads of its first group");
            assertEquals(4 * 2 - 1, r.keyValueHeads(), "and that group's key/value head");
            double attention = 4.0 * (4 * 4 - 2) * 1 * 10 * 10 * 8;
            assertEquals(2.0 * r.layerMatrixParams() * 10 + attention + 2.0 * TinyModels.VOCAB * 32,
                    r.prefillFlops(1, 10), 1e-6);
        }
    }
}
