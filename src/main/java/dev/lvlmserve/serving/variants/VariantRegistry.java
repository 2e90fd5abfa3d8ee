package dev.lvlmserve.serving.variants;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.lvlmserve.model.config.LlavaConfig;
import dev.lvlmserve.model.llava.LlavaModel;
import dev.lvlmserve.model.llava.LlavaPipeline;
import dev.lvlmserve.serving.config.LvlmProperties;
import dev.lvlmserve.serving.engine.FeatureCache;
import dev.lvlmserve.serving.engine.VariantWorker;
import dev.lvlmserve.serving.engine.WorkerSource;
import dev.lvlmserve.serving.error.ServingException;
import dev.lvlmserve.serving.metrics.ServingMetrics;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
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

    private final LvlmProperties properties;
    private final FeatureCache cache;
    private final ServingMetrics metrics;
    private final VariantStore store;
    private final BaseModels bases;
    private final Map<String, VariantManifest> manifests = new ConcurrentHashMap<>();
    private final Map<String, VariantWorker> baseWorkers = new ConcurrentHashMap<>();
    private final Map<String, ServingMetrics.Registration> gauges = new ConcurrentHashMap<>();
    private final LoadedVariants loaded;
    private volatile String defaultName;

    public VariantRegistry(LvlmProperties properties, FeatureCache cache, ServingMetrics metrics) {
        this.properties = properties;
        this.cache = cache;
        this.metrics = metrics;
        this.store = new VariantStore(properties.dataDir());
        this.bases = BaseModels.resolve(properties);
        this.loaded = new LoadedVariants(properties.variantMemoryBudget().toBytes(),
                w -> w.pipeline().model().ownedBytes(), this::unregisterGauges);
        bases.configs().forEach((name, config) -> manifests.put(name, new VariantManifest(name, name,
                VariantManifest.BASE_METHOD, 0.0, List.of(), Map.of(), config.textConfig().numHiddenLayers(), null,
                null, null, null, null, null)));
        for (VariantManifest m : store.scan()) {
            if (!bases.configs().containsKey(m.base()) || manifests.containsKey(m.name())) {
                log.warn("skipping variant {}: its base {} is not configured or its name is taken", m.name(),
                        m.base());
                continue;
            }
            manifests.put(m.name(), m);
        }
        this.defaultName = initialDefault();
        log.info("variants: {}; default {}", manifests.keySet(), defaultName);
    }

    private String initialDefault() {
        String persisted = store.readDefault();
        if (persisted != null && manifests.containsKey(persisted)) {
            return persisted;
        }
        if (persisted != null) {
            log.warn("the persisted default variant {} is not available; falling back", persisted);
        }
        String configured = properties.defaultModel();
        return configured != null && manifests.containsKey(configured) ? configured : bases.first();
    }

    /** Loads every base model's weights and starts its worker (at startup, before readiness). */
    public synchronized void start() {
        bases.dirs().forEach((name, dir) -> {
            if (!baseWorkers.containsKey(name)) {
                log.info("loading base model {} from {}", name, dir);
                LlavaPipeline p = LlavaPipeline.load(dir, null);
                manifests.put(name, manifests.get(name).withSizes(ModelSizes.parameters(p.model()),
                        p.model().totalBytes(), p.model().ownedBytes()));
                baseWorkers.put(name, startWorker(name, name, p));
            }
        });
    }

    @Override
    public VariantWorker acquire(String requested) {
        String name = VariantNames.meansDefault(requested) ? defaultName : requested;
        VariantManifest m = require(name);
        VariantWorker base = baseWorkers.get(m.base());
        if (base == null) {
            throw ServingException.unavailable("not_ready", "The model is still loading.",
                    properties.engine().retryAfterSeconds());
        }
        return m.isBaseModel() ? base : loaded.get(name, n -> load(m, base));
    }

    private VariantWorker load(VariantManifest m, VariantWorker base) {
        log.info("loading variant {} over {}", m.name(), m.base());
        LlavaModel baseModel = base.pipeline().model();
        NDManager owner = baseModel.manager().getEngine().newBaseManager(baseModel.manager().getDevice());
        try {
            Map<String, NDArray> replaced = new java.util.LinkedHashMap<>();
            store.weights(m.name(), owner).forEach((k, v) -> replaced.put(k, v.getDataType() == baseModel.dtype()
                    ? v : v.toType(baseModel.dtype(), false)));
            LlavaModel model = baseModel.derive(new HashSet<>(m.removedLayers()), replaced, owner);
            return startWorker(m.name(), m.base(), base.pipeline().withModel(model));
        } catch (RuntimeException e) {
            owner.close();
            if (!manifests.containsKey(m.name())) { // deleted while it loaded
                throw ServingException.notFound("model_not_found", "The model '" + m.name() + "' was deleted.");
            }
            throw e;
        }
    }

    private VariantWorker startWorker(String name, String base, LlavaPipeline pipeline) {
        VariantWorker w = VariantWorker.start(name, base, pipeline, true, properties.engine(), cache, metrics);
        gauges.put(name, metrics.variant(base, name, w::waiting, w::running, pipeline.model().ownedBytes()));
        return w;
    }

    private void unregisterGauges(String name) {
        ServingMetrics.Registration r = gauges.remove(name);
        if (r != null) {
            r.close();
        }
    }

    /** Persists a freshly built variant and makes it servable; the registry owns {@code pipeline} from here on. */
    public synchronized VariantManifest add(VariantManifest m, String planJson, Map<String, NDArray> replaced,
            LlavaPipeline pipeline) {
        try {
            if (manifests.containsKey(m.name())) {
                throw ServingException.conflict("name_taken", "A variant named " + m.name() + " exists.");
            }
            store.write(m, planJson, replaced);
        } catch (RuntimeException e) {
            pipeline.close();
            throw e;
        }
        manifests.put(m.name(), m);
        loaded.put(m.name(), startWorker(m.name(), m.base(), pipeline));
        return m;
    }

    /** Makes {@code name} the default (loading it first); queued requests finish on the previous default. */
    public synchronized VariantManifest activate(String name) {
        VariantManifest m = require(name);
        acquire(name);
        store.writeDefault(name);
        defaultName = name;
        log.info("default variant is now {}", name);
        return m;
    }

    public synchronized void delete(String name) {
        VariantManifest m = require(name);
        if (m.isBaseModel()) {
            throw ServingException.conflict("base_model", name + " is a base model; it cannot be deleted.");
        }
        if (name.equals(defaultName)) {
            throw ServingException.conflict("default_variant", name + " is the default; activate another first.");
        }
        manifests.remove(name);
        loaded.evict(name);
        store.delete(name);
        log.info("deleted variant {}", name);
    }

    public VariantManifest require(String name) {
        VariantManifest m = name == null ? null : manifests.get(name);
        if (m == null) {
            throw ServingException.notFound("model_not_found", "The model '" + name + "' does not exist.");
        }
        return m;
    }

    public Optional<VariantManifest> find(String name) {
        return Optional.ofNullable(name == null ? null : manifests.get(name));
    }

    /** Bases in configuration order, then pruned variants oldest first. */
    public List<VariantManifest> list() {
        List<VariantManifest> out = new ArrayList<>();
        bases.configs().keySet().forEach(b -> out.add(manifests.get(b)));
        manifests.values().stream().filter(m -> !m.isBaseModel())
                .sorted(Comparator.comparing(VariantManifest::createdAt, Comparator.nullsFirst(Comparator.naturalOrder()))
                        .thenComparing(VariantManifest::name))
                .forEach(out::add);
        return out;
    }

    public String defaultName() {
        return defaultName;
    }

    public boolean isLoaded(String name) {
        VariantManifest m = manifests.get(name);
        return m != null && (m.isBaseModel() ? baseWorkers.containsKey(name) : loaded.isLoaded(name));
    }

    public String plan(String name) {
        VariantManifest m = require(name);
        return m.isBaseModel() ? "{}" : store.plan(name);
    }

    /** A base model's pipeline, for prune jobs to derive from. */
    public LlavaPipeline basePipeline(String base) {
        VariantWorker w = baseWorkers.get(base);
        if (w == null) {
            throw ServingException.unavailable("not_ready", "The base model " + base + " is not loaded.",
                    properties.engine().retryAfterSeconds());
        }
        return w.pipeline();
    }

    /** A base model's config.json. */
    public LlavaConfig baseConfig(String base) {
        return bases.configs().get(base);
    }

    public boolean isBase(String name) {
        return bases.configs().containsKey(name);
    }

    /** Variants first (they share the bases' tensors), then the bases; each finishes its queue before closing. */
    @PreDestroy
    public synchronized void close() throws InterruptedException {
        List<VariantWorker> variants = new ArrayList<>(loaded.workers());
        loaded.closeAll();
        for (VariantWorker w : variants) {
            w.awaitTermination(Duration.ofSeconds(30));
        }
        for (VariantWorker w : baseWorkers.values()) {
            w.close();
            w.awaitTermination(Duration.ofSeconds(30));
        }
        baseWorkers.clear();
    }
}
