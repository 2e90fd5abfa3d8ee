package dev.lvlmserve.serving.jobs;

import dev.lvlmserve.model.llava.LlavaPipeline;
import java.util.function.BooleanSupplier;

/**
 * Measures how much of its base's quality a variant keeps, on a small held-out slice, for the quality gate. One
 * bean is used; define another {@code QualityProbe} bean (marked {@code @Primary}) to replace the default.
 */
public interface QualityProbe {
    /**
     * @return retention in [0, 1]
     * @throws java.util.concurrent.CancellationException when {@code cancelled} turns true
     */
    double retention(LlavaPipeline base, LlavaPipeline variant, int samples, BooleanSupplier cancelled,
            ProgressSink progress);
}
