package dev.lvlmserve.serving.variants;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import dev.lvlmserve.serving.engine.VariantWorker;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loaded pruned variants, in a Caffeine cache weighed by each variant's <em>own</em> bytes
 * ({@code LlavaModel.ownedBytes()}: its replacement tensors; the tensors shared with the base count once, under the
 * base, which is never evicted) against {@code lvlm.variant-memory-budget}. An evicted variant's worker finishes
 * its queue and frees its tensors; the next request for it reloads it from disk.
 */
final class LoadedVariants {
    private static final Logger log = LoggerFactory.getLogger(LoadedVariants.class);
    /** Weights are KiB (Caffeine weights are ints); every variant weighs at least 1 so the budget bounds them. */
    private static final long UNIT = 1024;

    private final Cache<String, VariantWorker> cache;

    LoadedVariants(long budgetBytes, ToLongFunction<VariantWorker> ownedBytes, Consumer<String> unloaded) {
        this.cache = Caffeine.newBuilder()
                .maximumWeight(Math.max(1, budgetBytes / UNIT))
                .weigher((String name, VariantWorker w) ->
                        (int) Math.min(Integer.MAX_VALUE, Math.max(1, ownedBytes.applyAsLong(w) / UNIT)))
                .executor(Runnable::run) // run the listener at once: it only asks the worker to wind down
                .removalListener((String name, VariantWorker w, RemovalCause cause) -> {
                    if (w != null) {
                        log.info("unloading variant {} ({})", name, cause);
                        w.close();
                        unloaded.accept(name);
                    }
                })
                .build();
    }

    VariantWorker get(String name, Function<String, VariantWorker> loader) {
        return cache.get(name, loader);
    }

    void put(String name, VariantWorker worker) {
        cache.put(name, worker);
    }

    boolean isLoaded(String name) {
        VariantWorker w = cache.getIfPresent(name);
        return w != null && !w.isClosed();
    }

    void evict(String name) {
        cache.invalidate(name);
    }

    Set<String> names() {
        return Set.copyOf(cache.asMap().keySet());
    }

    Collection<VariantWorker> workers() {
        return List.copyOf(cache.asMap().values());
    }

    void closeAll() {
        cache.invalidateAll();
        cache.cleanUp();
    }
}
