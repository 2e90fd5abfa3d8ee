package dev.lvlmserve.serving.variants;

import dev.lvlmserve.serving.error.ServingException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The manifests of every variant (bases and pruned ones found on disk) and the default variant's name, restored at
 * startup: the persisted default if it still exists, else the configured one, else the first base.
 */
final class VariantCatalog {
    private static final Logger log = LoggerFactory.getLogger(VariantCatalog.class);

    private final BaseModels bases;
    private final DefaultPointer pointer;
    private final Map<String, VariantManifest> manifests = new ConcurrentHashMap<>();
    private volatile String defaultName;

    VariantCatalog(BaseModels bases, VariantStore store, DefaultPointer pointer, String configuredDefault) {
        this.bases = bases;
        this.pointer = pointer;
        bases.configs().forEach((name, config) -> manifests.put(name, new VariantManifest(name, name,
                VariantManifest.BASE_METHOD, 0.0, List.of(), Map.of(), config.textConfig().numHiddenLayers(), null,
                null, null, bases.createdAt(name), null, null)));
        for (VariantManifest m : store.scan()) {
            if (!bases.configs().containsKey(m.base()) || manifests.containsKey(m.name())) {
                log.warn("skipping variant {}: its base {} is not configured or its name is taken", m.name(),
                        m.base());
                continue;
            }
            manifests.put(m.name(), m);
        }
        String persisted = pointer.read();
        if (persisted != null && !manifests.containsKey(persisted)) {
            log.warn("the persisted default variant {} is not available; falling back", persisted);
            persisted = null;
        }
        boolean configured = configuredDefault != null && manifests.containsKey(configuredDefault);
        this.defaultName = persisted != null ? persisted : configured ? configuredDefault : bases.first();
        log.info("variants: {}; default {}", manifests.keySet(), defaultName);
    }

    VariantManifest require(String name) {
        VariantManifest m = name == null ? null : manifests.get(name);
        if (m == null) {
            throw ServingException.notFound("model_not_found", "The model '" + name + "' does not exist.");
        }
        return m;
    }

    VariantManifest get(String name) {
        return name == null ? null : manifests.get(name);
    }

    void put(VariantManifest m) {
        manifests.put(m.name(), m);
    }

    void remove(String name) {
        manifests.remove(name);
    }

    /** Bases in configuration order, then pruned variants oldest first. */
    List<VariantManifest> list() {
        List<VariantManifest> out = new ArrayList<>();
        bases.configs().keySet().forEach(b -> out.add(manifests.get(b)));
        manifests.values().stream().filter(m -> !m.isBaseModel())
                .sorted(Comparator.comparing(VariantManifest::createdAt,
                        Comparator.nullsFirst(Comparator.naturalOrder())).thenComparing(VariantManifest::name))
                .forEach(out::add);
        return out;
    }

    String defaultName() {
        return defaultName;
    }

    /** Persists, then switches: a crash in between leaves the old default on disk and in memory. */
    void setDefault(String name) {
        pointer.write(name);
        defaultName = name;
    }
}
