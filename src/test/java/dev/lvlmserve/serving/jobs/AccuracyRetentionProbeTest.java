package dev.lvlmserve.serving.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lvlmserve.DefaultModel;
import dev.lvlmserve.model.llava.LlavaModel;
import dev.lvlmserve.model.llava.LlavaPipeline;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;

/**
 * On the committed default model: labelled retention of itself is exactly 1 and of a cut variant within [0, 1]. (The
 * default model is near chance on these formats, so a cut variant can score as well as its base: no "lower" claim.)
 */
class AccuracyRetentionProbeTest {
    @Test
    void retentionIsOneForTheBaseItselfAndBoundedForAVariant() {
        AccuracyRetentionProbe probe = new AccuracyRetentionProbe(new AgreementQualityProbe());
        try (LlavaPipeline base = LlavaPipeline.load(Path.of("models", DefaultModel.NAME), null)) {
            assertEquals(1.0, probe.retention(base, base, 28, () -> false, ProgressSink.NONE), 1e-12);
            LlavaModel cut = base.model().withoutLayers(Set.of(10, 11, 12, 13, 14, 15));
            double r = probe.retention(base, base.withModel(cut), 28, () -> false, ProgressSink.NONE);
            assertTrue(r >= 0 && r <= 1.0, "retention " + r);
            assertThrows(CancellationException.class,
                    () -> probe.retention(base, base, 28, () -> true, ProgressSink.NONE));
        }
    }
}
