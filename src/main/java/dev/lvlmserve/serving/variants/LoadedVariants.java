package dev.lvlmserve.serving.variants;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import dev.lvlmserve.serving.engine.VariantWorker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running workers. Bases stay loaded. Pruned variants live in a Caffeine cache weighed by each variant's
 * <em>own</em> bytes ({@code LlavaModel.ownedBytes()}: its replacement tensors; tensors shared with the base count
 * once, under the base) against {@code lvlm.variant-memory-budget}. An evicted variant's worker finishes its queue
 * and frees its tensors; the next request for it reloads it from disk.
 */
final class LoadedVariants {
    private static final Logger log = LoggerFactory.getLogger(LoadedVariants.class);
    /** Weights are KiB (Caffeine weights are ints); every variant weighs at least 1 so the budget bounds them. */
    private static final long UNIT = 1024;

    private final Map<String, VariantWorker> bases = new ConcurrentHashMap<>();
    private final Cache<String, VariantWorker> pruned;

    LoadedVariants(long budgetBytes, ToLongFunction<VariantWorker> ownedBytes, Consumer<String> unloaded) {
        this.pruned = Caffeine.newBuilder()
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

    VariantWorker base(String name) {
        return bases.get(name);
    }

    void putBase(String name, VariantWorker worker) {
        bases.put(name, worker);
    }

    VariantWorker get(String name, Function<String, VariantWorker> loader) {
        VariantWorker w = pruned.getIfPresent(name);
        if (w == null) { // a load: bring the cache back under budget at once
            w = pruned.get(name, loader);
            pruned.cleanUp();
        }
        return w;
    }

    void put(String name, VariantWorker worker) {
        pruned.put(name, worker);
        pruned.cleanUp(); // evict now rather than at Caffeine's next maintenance: a new variant just took memory
    }

    boolean isLoaded(String name) {
        VariantWorker w = bases.containsKey(name) ? bases.get(name) : pruned.getIfPresent(name);
        return w != null && !w.isClosed();
    }

    void evict(String name) {
        pruned.invalidate(name);
    }

    /** Variants first (they read the bases' tensors), then the bases; each finishes its queue before closing. */
    void closeAll(Duration timeout) throws InterruptedException {
        List<VariantWorker> variants = List.copyOf(pruned.asMap().values());
        pruned.invalidateAll();
        pruned.cleanUp();
        for (VariantWorker w : variants) {
            w.awaitTermination(timeout);
        }
        for (VariantWorker w : bases.values()) {
            w.close();
            w.awaitTermination(timeout);
        }
        bases.clear();
    }
}
