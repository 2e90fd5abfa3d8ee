package dev.lvlmserve.serving.variants;

import ai.djl.ndarray.NDArray;
import dev.lvlmserve.model.config.LlavaConfig;
import dev.lvlmserve.model.llava.LlavaModel;
import dev.lvlmserve.model.llava.LlavaPipeline;
import dev.lvlmserve.model.llava.ModelFingerprint;
import dev.lvlmserve.model.recipe.VariantRecipe;
import dev.lvlmserve.pruning.plan.ModelShape;
import dev.lvlmserve.serving.config.LvlmProperties;
import dev.lvlmserve.serving.engine.FeatureCache;
import dev.lvlmserve.serving.engine.VariantWorker;
import dev.lvlmserve.serving.engine.WorkerSource;
import dev.lvlmserve.serving.error.ServingException;
import dev.lvlmserve.serving.metrics.ServingMetrics;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Every variant the server can serve: each base model (a variant named after itself, always loaded) and the pruned
 * variants persisted under the data directory (loaded on demand into {@link LoadedVariants}). Holds the default
 * variant; activation swaps it atomically (requests already queued finish on the old one) and persists it.
 */
@Component
public class VariantRegistry implements WorkerSource {
    private static final Logger log = LoggerFactory.getLogger(VariantRegistry.class);

    private final long retryAfter;
    private final BaseModels bases;
    private final VariantStore store;
    private final VariantCatalog catalog;
    private final VariantLoader loader;
    private final LoadedVariants loaded;

    public VariantRegistry(LvlmProperties properties, FeatureCache cache, ServingMetrics metrics) {
        this.retryAfter = properties.engine().retryAfterSeconds();
        this.bases = BaseModels.resolve(properties);
        this.store = new VariantStore(properties.dataDir());
        this.catalog = new VariantCatalog(bases, store, new DefaultPointer(properties.dataDir()),
                properties.defaultModel());
        this.loader = new VariantLoader(properties.engine(), cache, metrics, store);
        this.loaded = new LoadedVariants(properties.variantMemoryBudget().toBytes(),
                w -> w.pipeline().model().ownedBytes(), loader::unloaded);
    }

    /**
     * Loads every base model's weights and starts its worker (at startup, before readiness); variants whose recipe
     * was made for another checkpoint of a base are refused here, with a log line naming them.
     */
    public synchronized void start() {
        bases.dirs().forEach((name, dir) -> {
            if (loaded.base(name) == null) {
                VariantWorker w = loader.base(name, dir);
                LlavaModel m = w.pipeline().model();
                catalog.put(catalog.get(name).withSizes(ModelSizes.parameters(m), m.totalBytes(), m.ownedBytes()));
                catalog.refuseOtherFingerprints(name, ModelFingerprint.of(m));
                loaded.putBase(name, w);
            }
        });
    }

    @Override
    public VariantWorker acquire(String requested) {
        VariantEntry m = catalog.require(VariantNames.meansDefault(requested) ? catalog.defaultName() : requested);
        VariantWorker base = loaded.base(m.base());
        if (base == null) {
            throw ServingException.unavailable("not_ready", "The model is still loading.", retryAfter);
        }
        return m.isBaseModel() ? base : loaded.get(m.name(), n -> load(m, base));
    }

    private VariantWorker load(VariantEntry m, VariantWorker base) {
        try {
            return loader.variant(m, base);
        } catch (RuntimeException e) {
            if (catalog.get(m.name()) == null) { // deleted while it loaded
                throw ServingException.notFound("model_not_found", "The model '" + m.name() + "' was deleted.");
            }
            throw e;
        }
    }

    /**
     * Persists a freshly built variant (its entry, recipe, and the tensors the recipe names) and makes it servable;
     * the registry owns {@code pipeline} from here on.
     */
    public synchronized VariantEntry add(VariantEntry m, Map<String, NDArray> tensors, LlavaPipeline pipeline) {
        try {
            if (catalog.get(m.name()) != null) {
                throw ServingException.conflict("name_taken", "A variant named " + m.name() + " exists.");
            }
            store.write(m, tensors);
        } catch (RuntimeException e) {
            pipeline.close();
            throw e;
        }
        catalog.put(m);
        loaded.put(m.name(), loader.start(m.name(), loaded.base(m.base()), pipeline));
        return m;
    }

    /** Makes {@code name} the default (loading it first); queued requests finish on the previous default. */
    public synchronized VariantEntry activate(String name) {
        VariantEntry m = catalog.require(name);
        acquire(name);
        catalog.setDefault(name);
        log.info("default variant is now {}", name);
        return m;
    }

    public synchronized void delete(String name) {
        VariantEntry m = catalog.require(name);
        if (m.isBaseModel()) {
            throw ServingException.conflict("base_model", name + " is a base model; it cannot be deleted.");
        }
        if (name.equals(catalog.defaultName())) {
            throw ServingException.conflict("default_variant", name + " is the default; activate another first.");
        }
        catalog.remove(name);
        loaded.evict(name);
        store.delete(name);
        log.info("deleted variant {}", name);
    }

    public VariantEntry require(String name) {
        return catalog.require(name);
    }

    public Optional<VariantEntry> find(String name) {
        return Optional.ofNullable(catalog.get(name));
    }

    /** Bases in configuration order, then pruned variants oldest first. */
    public List<VariantEntry> list() {
        return catalog.list();
    }

    public String defaultName() {
        return catalog.defaultName();
    }

    public boolean isLoaded(String name) {
        return catalog.get(name) != null && loaded.isLoaded(name);
    }

    /** The variant's recipe (for a base, the empty one). */
    public VariantRecipe recipe(String name) {
        return catalog.require(name).recipe();
    }

    /** A base model's pipeline, for prune jobs to derive from. */
    public LlavaPipeline basePipeline(String base) {
        VariantWorker w = loaded.base(base);
        if (w == null) {
            throw ServingException.unavailable("not_ready", "The base model " + base + " is not loaded.", retryAfter);
        }
        return w.pipeline();
    }

    /** A base model's config.json, or null for a name that is not a base. */
    public LlavaConfig baseConfig(String base) {
        return bases.configs().get(base);
    }

    /** A base model's layer shapes (from its config, before it loads), or null for a name that is not a base. */
    public ModelShape baseShape(String base) {
        return bases.shapes().get(base);
    }

    public boolean isBase(String name) {
        return bases.configs().containsKey(name);
    }

    /** Stops every worker (each finishes its queue first) and frees the models. */
    @PreDestroy
    public synchronized void close() throws InterruptedException {
        loaded.closeAll(Duration.ofSeconds(30));
    }
}
