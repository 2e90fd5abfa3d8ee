package dev.lvlmserve.serving.engine;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.lvlmserve.serving.config.LvlmProperties;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import java.util.concurrent.atomic.LongAdder;
import org.springframework.stereotype.Component;

/**
 * Projected image features per (vision key, SHA-256 of the image bytes): users ask many questions about one image,
 * and the vision tower is the costly part of a short answer. The vision key is the base model's name for every
 * variant that shares the base's vision tower and projector (layer pruning only touches decoder layers), so those
 * variants share cached features; a variant with its own projector (e.g. after projector fine-tuning) gets its own.
 * Weighed by bytes ({@code lvlm.vision-cache-size}); Java arrays only, never native tensors. Hit rates appear as
 * {@code cache_gets_total{cache="lvlm_vision_features"}}, puts as {@code cache_puts_total}.
 */
@Component
public class FeatureCache {
    private final Cache<Key, float[]> cache;
    private final LongAdder puts = new LongAdder();

    public FeatureCache(LvlmProperties properties, MeterRegistry registry) {
        this.cache = Caffeine.newBuilder()
                .maximumWeight(properties.visionCacheSize().toBytes())
                .weigher((Key k, float[] v) -> v.length * Float.BYTES + 128)
                .recordStats()
                .build();
        // Caffeine counts loads, not puts, and this cache is filled by put: report our own count as cache_puts
        new CaffeineCacheMetrics<Key, float[], Cache<Key, float[]>>(cache, "lvlm_vision_features", Tags.empty()) {
            @Override
            protected long putCount() {
                return puts.sum();
            }
        }.bindTo(registry);
    }

    float[] get(String visionKey, String imageHash) {
        return cache.getIfPresent(new Key(visionKey, imageHash));
    }

    void put(String visionKey, String imageHash, float[] features) {
        cache.put(new Key(visionKey, imageHash), features);
        puts.increment();
    }

    /** Forgets the features of one vision key (a variant deleted, a model replaced on disk). */
    public void invalidate(String visionKey) {
        cache.asMap().keySet().removeIf(k -> k.visionKey().equals(visionKey));
    }

    private record Key(String visionKey, String imageHash) {}
}
