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
 * The entries of every variant (bases and pruned ones found on disk) and the default variant's name, restored at
 * startup: the persisted default if it still exists, else the configured one, else the first base. A pruned variant
 * whose recipe does not fit its base (unknown base, another layer count) is skipped with a log line naming it.
 */
final class VariantCatalog {
    private static final Logger log = LoggerFactory.getLogger(VariantCatalog.class);

    private final BaseModels bases;
    private final DefaultPointer pointer;
    private final Map<String, VariantEntry> entries = new ConcurrentHashMap<>();
    private volatile String defaultName;

    VariantCatalog(BaseModels bases, VariantStore store, DefaultPointer pointer, String configuredDefault) {
        this.bases = bases;
        this.pointer = pointer;
        bases.configs().forEach((name, config) -> entries.put(name, VariantEntry.base(name,
                config.textConfig().numHiddenLayers(), bases.createdAt(name))));
        for (VariantEntry e : store.scan()) {
            String refused = refusal(e);
            if (refused != null) {
                log.warn("skipping variant {}: {}", e.name(), refused);
                continue;
            }
            entries.put(e.name(), e);
        }
        String persisted = pointer.read();
        if (persisted != null && !entries.containsKey(persisted)) {
            log.warn("the persisted default variant {} is not available; falling back", persisted);
            persisted = null;
        }
        boolean configured = configuredDefault != null && entries.containsKey(configuredDefault);
        this.defaultName = persisted != null ? persisted : configured ? configuredDefault : bases.first();
        log.info("variants: {}; default {}", entries.keySet(), defaultName);
    }

    private String refusal(VariantEntry e) {
        if (!bases.configs().containsKey(e.base())) {
            return "its base " + e.base() + " is not configured";
        }
        if (entries.containsKey(e.name())) {
            return "its name is taken by a base model";
        }
        int layers = bases.configs().get(e.base()).textConfig().numHiddenLayers();
        if (e.numLayers() != layers) {
            return "its recipe is for a " + e.numLayers() + "-layer decoder, base " + e.base() + " has " + layers;
        }
        return null;
    }

    /** Drops, with a log line each, the variants of {@code base} whose recipe names another base fingerprint. */
    void refuseOtherFingerprints(String base, String fingerprint) {
        for (VariantEntry e : List.copyOf(entries.values())) {
            String expected = e.recipe().base().fingerprint();
            if (!e.isBaseModel() && e.base().equals(base) && expected != null && !expected.equals(fingerprint)) {
                log.warn("skipping variant {}: its recipe was made for another checkpoint of {} ({}, loaded: {})",
                        e.name(), base, expected, fingerprint);
                entries.remove(e.name());
                if (e.name().equals(defaultName)) {
                    defaultName = base;
                }
            }
        }
    }

    VariantEntry require(String name) {
        VariantEntry e = name == null ? null : entries.get(name);
        if (e == null) {
            throw ServingException.notFound("model_not_found", "The model '" + name + "' does not exist.");
        }
        return e;
    }

    VariantEntry get(String name) {
        return name == null ? null : entries.get(name);
    }

    void put(VariantEntry e) {
        entries.put(e.name(), e);
    }

    void remove(String name) {
        entries.remove(name);
    }

    /** Bases in configuration order, then pruned variants oldest first. */
    List<VariantEntry> list() {
        List<VariantEntry> out = new ArrayList<>();
        bases.configs().keySet().forEach(b -> out.add(entries.get(b)));
        entries.values().stream().filter(e -> !e.isBaseModel())
                .sorted(Comparator.comparing(VariantEntry::createdAt,
                        Comparator.nullsFirst(Comparator.naturalOrder())).thenComparing(VariantEntry::name))
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
