package dev.lvlmserve.eval.ablation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lvlmserve.fixture.FixtureSpec;
import dev.lvlmserve.model.config.LlavaConfig;
import dev.lvlmserve.model.llama.LayerShape;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class FlopModelTest {
    final LlavaConfig c = FixtureSpec.tiny().config(100, 4, 1, 2, 3); // hidden 64, 4 heads over 2, hd 16, I 128

    static List<LayerShape> layers(int n, LayerShape s) {
        return Collections.nCopies(n, s);
    }

    final LayerShape full = new LayerShape(0, 4, 2, 128);

    @Test
    void decoderLayersAddEqualIncrements() {
        double f4 = FlopModel.flops(c, layers(4, full), 50, 2);
        double f3 = FlopModel.flops(c, layers(3, full), 50, 2);
        double f2 = FlopModel.flops(c, layers(2, full), 50, 2);
        assertEquals(f4 - f3, f3 - f2, 1e-6 * f4);
        assertTrue(f4 > f3);
    }

    @Test
    void oneLinearLayerByHand() {
        // With no layers, what remains is vision + projector + lm_head: doubling new tokens adds one lm_head pass.
        double one = FlopModel.flops(c, List.of(), 10, 1);
        double two = FlopModel.flops(c, List.of(), 10, 2);
        assertEquals(2.0 * c.textConfig().hiddenSize() * c.textConfig().vocabSize(), two - one, 1e-6);
    }

    @Test
    void aNarrowerLayerCostsWhatItsProjectionsAndAttentionCost() {
        // one prompt token, one new token: one position through the layer, attending to itself
        double wide = FlopModel.flops(c, List.of(full), 1, 1);
        double narrow = FlopModel.flops(c, List.of(new LayerShape(0, 2, 2, 100)), 1, 1);
        double d = 64;
        double hd = 16;
        double removed = 2 * d * (2 * hd) + 3 * d * 28 + 2 * (2 * hd); // two query heads' q/o, 28 neurons, QK/AV
        assertEquals(2 * removed, wide - narrow, 1e-6);
    }
}
