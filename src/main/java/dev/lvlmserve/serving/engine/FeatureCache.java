package dev.lvlmserve.serving.engine;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.lvlmserve.serving.config.LvlmProperties;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import org.springframework.stereotype.Component;

/**
 * Projected image features per (base model, SHA-256 of the image bytes): users ask many questions about one image,
 * and the vision tower is the costly part of a short answer. Keyed by the base, not the variant, because pruning
 * only touches decoder layers, so every variant of a base sees the same features. Weighed by bytes
 * ({@code lvlm.vision-cache-size}); Java arrays only, never native tensors. Hit rates appear as
 * {@code cache_gets_total{cache="lvlm_vision_features"}}.
 */
@Component
public class FeatureCache {
    private final Cache<Key, float[]> cache;

    public FeatureCache(LvlmProperties properties, MeterRegistry registry) {
        this.cache = Caffeine.newBuilder()
                .maximumWeight(properties.visionCacheSize().toBytes())
                .weigher((Key k, float[] v) -> v.length * Float.BYTES + 128)
                .recordStats()
                .build();
        CaffeineCacheMetrics.monitor(registry, cache, "lvlm_vision_features");
    }

    float[] get(String model, String imageHash) {
        return cache.getIfPresent(new Key(model, imageHash));
    }

    void put(String model, String imageHash, float[] features) {
        cache.put(new Key(model, imageHash), features);
    }

    /** Forgets a base model's features (when it is reloaded with different weights). */
    public void invalidate(String model) {
        cache.asMap().keySet().removeIf(k -> k.model().equals(model));
    }

    private record Key(String model, String imageHash) {}
}
