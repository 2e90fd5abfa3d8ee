package dev.lvlmserve.model.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.lvlmserve.model.TinyModels;
import dev.lvlmserve.model.llava.LlavaModel;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The two attention sites: per-head probabilities average to the head-mean site, and observing changes nothing. */
class AttentionSitesTest {
    @Test
    void perHeadProbabilitiesAverageToTheMeanSiteAndObservingLeavesTheOutputAlone() {
        try (LlavaModel model = TinyModels.model(TinyModels.config("llama", false), 3)) {
            int heads = model.config().textConfig().numAttentionHeads();
            long[][] ids = {{1, 7, 8, 9, 10, 11}};
            long[][] att = {{1, 1, 1, 1, 1, 1}};
            Map<String, float[]> seen = new HashMap<>();
            ForwardObserver both = new ForwardObserver() {
                @Override
                public Set<ObserverSite> sites() {
                    return EnumSet.of(ObserverSite.ATTENTION_PROBS, ObserverSite.ATTENTION_HEAD_PROBS);
                }

                @Override
                public void observe(ObserverSite site, int layer, NDArray value) {
                    if (layer == 0) {
                        seen.put(site.name(), value.toFloatArray());
                        if (site == ObserverSite.ATTENTION_HEAD_PROBS) {
                            assertEquals(new Shape(1, heads, 6, 6), value.getShape());
                        }
                    }
                }
            };
            float[] plain;
            float[] observed;
            try (NDManager m = model.manager().newSubManager()) {
                plain = model.languageModel().forward(model.inputsEmbeds(ids, null, m), att, null,
                        ForwardObserver.NONE).toFloatArray();
                observed = model.languageModel().forward(model.inputsEmbeds(ids, null, m), att, null, both)
                        .toFloatArray();
            }
            assertArrayEquals(plain, observed);
            float[] mean = seen.get("ATTENTION_PROBS");
            float[] perHead = seen.get("ATTENTION_HEAD_PROBS");
            int cells = 36;
            for (int c = 0; c < cells; c++) {
                double avg = 0;
                for (int h = 0; h < heads; h++) {
                    avg += perHead[h * cells + c];
                }
                assertEquals(mean[c], avg / heads, 1e-6);
            }
            for (int h = 0; h < heads; h++) {
                for (int row = 0; row < 6; row++) {
                    int from = h * cells + row * 6;
                    float[] r = Arrays.copyOfRange(perHead, from, from + 6);
                    double sum = 0;
                    for (int col = 0; col < 6; col++) {
                        sum += r[col];
                        if (col > row) {
                            assertEquals(0f, r[col], 1e-7, "causal: no weight on later positions");
                        }
                    }
                    assertEquals(1.0, sum, 1e-5);
                }
            }
        }
    }
}
