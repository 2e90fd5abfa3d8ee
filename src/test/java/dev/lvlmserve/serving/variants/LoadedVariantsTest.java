package dev.lvlmserve.serving.variants;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

import dev.lvlmserve.model.llava.LlavaPipeline;
import dev.lvlmserve.serving.config.EngineProperties;
import dev.lvlmserve.serving.config.LvlmProperties;
import dev.lvlmserve.serving.engine.FeatureCache;
import dev.lvlmserve.serving.engine.VariantWorker;
import dev.lvlmserve.serving.metrics.ServingMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** The byte budget: loaded variants weigh their own bytes; over budget, workers are closed and reported unloaded. */
class LoadedVariantsTest {
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final FeatureCache cache = new FeatureCache(LvlmProperties.defaults(), meters);

    VariantWorker worker(String name) {
        return VariantWorker.start(name, "base", "base", mock(LlavaPipeline.class), false,
                EngineProperties.defaults(), cache, new ServingMetrics(meters));
    }

    @Test
    void evictsBeyondTheBudgetAndClosesTheEvictedWorkers() throws Exception {
        Map<VariantWorker, Long> owned = new ConcurrentHashMap<>();
        List<String> unloaded = new ArrayList<>();
        LoadedVariants loaded = new LoadedVariants(3072, owned::get, unloaded::add);
        List<VariantWorker> workers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            VariantWorker w = worker("v" + i);
            owned.put(w, 2048L); // 2 KiB each: only one fits in 3 KiB
            workers.add(w);
            loaded.put("v" + i, w);
        }
        long closed = workers.stream().filter(VariantWorker::isClosed).count();
        assertThat(closed).isEqualTo(2);
        assertThat(unloaded).hasSize(2);
        loaded.closeAll(Duration.ofSeconds(5));
        assertThat(workers).allMatch(VariantWorker::isClosed);
    }

    @Test
    void basesAreNeverEvicted() throws Exception {
        LoadedVariants loaded = new LoadedVariants(1, w -> 1L << 40, name -> {});
        VariantWorker base = worker("base");
        loaded.putBase("base", base);
        loaded.put("v", worker("v"));
        assertThat(loaded.isLoaded("base")).isTrue();
        assertThat(loaded.base("base")).isSameAs(base);
        loaded.closeAll(Duration.ofSeconds(5));
        assertThat(base.isClosed()).isTrue();
    }
}
