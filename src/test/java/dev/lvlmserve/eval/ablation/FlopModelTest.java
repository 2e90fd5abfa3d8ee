package dev.lvlmserve.eval.ablation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lvlmserve.fixture.FixtureSpec;
import dev.lvlmserve.model.config.LlavaConfig;
import org.junit.jupiter.api.Test;

class FlopModelTest {
    final LlavaConfig c = FixtureSpec.tiny().config(100, 4, 1, 2, 3);

    @Test
    void decoderLayersAddEqualIncrements() {
        double f4 = FlopModel.flops(c, 4, 50, 2);
        double f3 = FlopModel.flops(c, 3, 50, 2);
        double f2 = FlopModel.flops(c, 2, 50, 2);
        assertEquals(f4 - f3, f3 - f2, 1e-6 * f4);
        assertTrue(f4 > f3);
    }

    @Test
    void oneLinearLayerByHand() {
        // With no layers, what remains is vision + projector + lm_head: doubling new tokens adds one lm_head pass.
        double one = FlopModel.flops(c, 0, 10, 1);
        double two = FlopModel.flops(c, 0, 10, 2);
        assertEquals(2.0 * c.textConfig().hiddenSize() * c.textConfig().vocabSize(), two - one, 1e-6);
    }
}
