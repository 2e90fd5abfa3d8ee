package dev.lvlmserve.serving.variants;

import ai.djl.ndarray.NDArray;
import dev.lvlmserve.model.config.LlavaConfig;
import dev.lvlmserve.model.llava.LlavaModel;
import dev.lvlmserve.model.llava.LlavaPipeline;
import dev.lvlmserve.model.llava.ModelFingerprint;
import dev.lvlmserve.model.recipe.VariantRecipe;
import dev.lvlmserve.pruning.plan.ModelShape;
import dev.lvlmserve.serving.config.LvlmProperties;
import dev.lvlmserve.serving.config.StoreProperties;
import dev.lvlmserve.serving.engine.FeatureCache;
import dev.lvlmserve.serving.engine.VariantWorker;
import dev.lvlmserve.serving.engine.WorkerSource;
import dev.lvlmserve.serving.error.ServingException;
import dev.lvlmserve.serving.metrics.ServingMetrics;
import dev.lvlmserve.serving.store.Claim;
import dev.lvlmserve.serving.store.NameClaims;
import dev.lvlmserve.serving.store.ReplicaId;
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
 * variant; activation swaps it atomically (requests already queued finish on the old one) and persists it. The data
 * directory may be shared with other replicas: names are claimed there before a build ({@link #claim}), and every
 * {@code lvlm.store.poll-interval} {@link #refresh} takes in their new and deleted variants and default choice.
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
    private final NameClaims claims;
    private final StorePoller poller;
    private volatile boolean started;

    public VariantRegistry(LvlmProperties properties, FeatureCache cache, ServingMetrics metrics) {
        this.retryAfter = properties.engine().retryAfterSeconds();
        this.bases = BaseModels.resolve(properties);
        this.store = new VariantStore(properties.dataDir());
        this.catalog = new VariantCatalog(bases, store, new DefaultPointer(properties.dataDir()),
                properties.defaultModel());
        this.loader = new VariantLoader(properties.engine(), properties.placement(), cache, metrics, store);
        this.loaded = new LoadedVariants(properties.variantMemoryBudget().toBytes(),
                w -> w.pipeline().model().ownedBytes(), loader::unloaded);
        StoreProperties s = properties.store();
        this.claims = new NameClaims(properties.dataDir(), ReplicaId.of(s.replicaId()), s.leaseTtl(),
                s.heartbeatInterval());
        this.poller = new StorePoller(s.pollInterval(), this::refresh);
        StagingSweep.sweep(store.root(), claims); // only what no live claim owns
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
        poller.start();
        started = true;
    }

    /** Whether the bases are loaded (activation needs them). */
    public boolean isStarted() {
        return started;
    }

    /** This process's name in the store (heartbeat files, job records). */
    public String replicaId() {
        return claims.holder();
    }

    /** The shared store's claims, for jobs that follow a claim another process holds. */
    public NameClaims claims() {
        return claims;
    }

    /**
     * Claims {@code name} in the store for {@code jobId} before a build starts: 409 when a variant of that name
     * exists (here, or already on disk from another replica) or a live claim holds it.
     */
    public Claim claim(String name, String jobId) {
        if (catalog.get(name) != null || store.variantDirs().containsKey(name)) {
            throw ServingException.conflict("name_taken", "A variant named " + name + " exists.");
        }
        Claim claim = claims.tryClaim(name, jobId).orElseThrow(() -> ServingException.conflict("name_claimed",
                "A variant named " + name + " is being built" + claims.live(name).map(l -> " by job " + l.job()
                        + " on " + l.owner()).orElse("") + "."));
        if (store.variantDirs().containsKey(name)) { // renamed into place just before the claim was taken
            claim.release();
            throw ServingException.conflict("name_taken", "A variant named " + name + " exists.");
        }
        return claim;
    }

    /**
     * Brings this replica up to date with the store: variants other replicas added or deleted, the default they
     * chose (loaded before it is switched to, so the switch is as atomic as a local activation), then removes
     * staging directories whose claims have ended. Called by the poller; failures are logged, never thrown.
     */
    public synchronized void refresh() {
        VariantCatalog.Changes changes = catalog.sync(store.variantDirs());
        for (String name : changes.removed()) {
            loaded.evict(name);
            log.info("variant {} was deleted from the store", name);
        }
        changes.added().forEach(name -> log.info("variant {} appeared in the store", name));
        String current = catalog.defaultName();
        String wanted = catalog.persistedDefault();
        if (catalog.get(current) == null) {
            String fallback = wanted != null && catalog.get(wanted) != null ? wanted : catalog.fallbackDefault();
            log.warn("the default variant {} is gone from the store; default is now {}", current, fallback);
            catalog.followDefault(fallback);
        } else if (wanted != null && !wanted.equals(current) && catalog.get(wanted) != null) {
            try {
                acquire(wanted);
                catalog.followDefault(wanted);
                log.info("default variant is now {} (chosen on another replica)", wanted);
            } catch (RuntimeException e) {
                log.warn("the store's default variant {} cannot be loaded; keeping {}", wanted, current, e);
            }
        }
        claims.sweep();
        StagingSweep.sweep(store.root(), claims);
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
    public synchronized VariantEntry add(Claim claim, VariantEntry m, Map<String, NDArray> tensors,
            LlavaPipeline pipeline) {
        try {
            if (catalog.get(m.name()) != null) {
                throw ServingException.conflict("name_taken", "A variant named " + m.name() + " exists.");
            }
            store.write(claim, m, tensors);
        } catch (RuntimeException e) {
            pipeline.close();
            throw e;
        }
        catalog.put(m);
        loaded.put(m.name(), loader.start(m.name(), loaded.base(m.base()), pipeline));
        return m;
    }

    /**
     * Makes {@code name} the default (loading it first); queued requests finish on the previous default. Other
     * replicas follow within a poll interval.
     */
    public synchronized VariantEntry activate(String name) {
        VariantEntry m = catalog.require(name);
        if (!m.isBaseModel() && !store.variantDirs().containsKey(name)) {
            throw ServingException.notFound("model_not_found", "The model '" + name + "' was deleted.");
        }
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
        if (name.equals(catalog.defaultName()) || name.equals(catalog.persistedDefault())) {
            throw ServingException.conflict("default_variant", name + " is the default; activate another first.");
        }
        catalog.remove(name);
        loaded.evict(name);
        if (store.delete(name)) {
            log.info("deleted variant {}", name);
        }
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

    /** A base model's checkpoint directory (its TRAINING.json sizes a recovery's data fraction), or null. */
    public java.nio.file.Path baseDir(String base) {
        return bases.dirs().get(base);
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
        poller.close();
        claims.close();
        loaded.closeAll(Duration.ofSeconds(30));
    }
}
