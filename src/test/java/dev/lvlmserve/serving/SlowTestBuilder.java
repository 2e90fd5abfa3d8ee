package dev.lvlmserve.serving;

import dev.lvlmserve.model.llava.LlavaPipeline;
import dev.lvlmserve.serving.jobs.BuiltVariant;
import dev.lvlmserve.serving.jobs.ProgressSink;
import dev.lvlmserve.serving.jobs.PruneSpec;
import dev.lvlmserve.serving.jobs.VariantBuilder;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * A pruning method ({@code test-slow}) that reports progress for up to 30 s and honours cancellation, so the
 * random-port test can cancel a job while it runs. Injected like any other {@link VariantBuilder} bean.
 */
@TestConfiguration
class SlowTestBuilder {
    @Bean
    VariantBuilder slowTestBuilder() {
        return new VariantBuilder() {
            @Override
            public List<String> methods() {
                return List.of("test-slow");
            }

            @Override
            public BuiltVariant build(LlavaPipeline base, PruneSpec spec, ProgressSink progress,
                    BooleanSupplier cancelled) {
                progress.stage("waiting");
                for (int i = 0; i < 600; i++) {
                    if (cancelled.getAsBoolean()) {
                        throw new CancellationException();
                    }
                    progress.progress(i / 600.0);
                    try {
                        Thread.sleep(50);
                    } catch (InterruptedException e) {
                        throw new CancellationException();
                    }
                }
                throw new IllegalStateException("the test should have cancelled this job");
            }
        };
    }
}
