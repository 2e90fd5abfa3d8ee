package dev.lvlmserve.serving.variants;

import dev.lvlmserve.serving.error.ServingException;
import java.nio.file.Path;
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
 * whose recipe does not fit its base (unknown base, another layer count, another checkpoint) is skipped with a log
 * line naming it. {@link #sync} brings it up to date with a store that other replicas write too.
 */
final class VariantCatalog {
    private static final Logger log = LoggerFactory.getLogger(VariantCatalog.class);

    /** The pruned variants that appeared in and vanished from the store since the last sync. */
    record Changes(List<String> added, List<String> removed) {}

    private final BaseModels bases;
    private final VariantStore store;
    private final DefaultPointer pointer;
    private final String configuredDefault;
    private final Map<String, VariantEntry> entries = new ConcurrentHashMap<>();
    private final Map<String, Object> dirKeys = new ConcurrentHashMap<>(); // name → its directory's identity
    private final Map<String, String> fingerprints = new ConcurrentHashMap<>(); // loaded base → its fingerprint
    private final Map<String, Object> refused = new ConcurrentHashMap<>(); // name → the directory refused, once
    private volatile String defaultName;

    VariantCatalog(BaseModels bases, VariantStore store, DefaultPointer pointer, String configuredDefault) {
        this.bases = bases;
        this.store = store;
        this.pointer = pointer;
        this.configuredDefault = configuredDefault;
        bases.configs().forEach((name, config) -> entries.put(name, VariantEntry.base(name,
                config.textConfig().numHiddenLayers(), bases.createdAt(name))));
        for (VariantEntry e : store.scan()) {
            String why = refusal(e);
            if (why != null) {
                log.warn("skipping variant {}: {}", e.name(), why);
                continue;
            }
            entries.put(e.name(), e);
        }
        String persisted = pointer.read();
        if (persisted != null && !entries.containsKey(persisted)) {
            log.warn("the persisted default variant {} is not available; falling back", persisted);
            persisted = null;
        }
        this.defaultName = persisted != null ? persisted : fallbackDefault();
        log.info("variants: {}; default {}", entries.keySet(), defaultName);
    }

    /** The configured default if it exists, else the first base. */
    String fallbackDefault() {
        return configuredDefault != null && entries.containsKey(configuredDefault) ? configuredDefault : bases.first();
    }

    /**
     * Adds the variants other replicas have renamed into the store, and drops those deleted there (a directory
     * with another identity under a known name was deleted and made again: both).
     */
    synchronized Changes sync(Map<String, Path> onDisk) {
        List<String> removed = new ArrayList<>();
        for (VariantEntry e : List.copyOf(entries.values())) {
            Path dir = onDisk.get(e.name());
            Object key = dir == null ? null : DirKey.of(dir);
            Object known = dirKeys.get(e.name());
            if (!e.isBaseModel() && (dir == null || key != null && known != null && !known.equals(key))) {
                entries.remove(e.name());
                dirKeys.remove(e.name());
                removed.add(e.name());
            } else if (!e.isBaseModel() && known == null && key != null) {
                dirKeys.put(e.name(), key);
            }
        }
        List<String> added = new ArrayList<>();
        refused.keySet().retainAll(onDisk.keySet());
        onDisk.forEach((name, dir) -> {
            Object key = DirKey.of(dir);
            if (entries.containsKey(name) || key != null && key.equals(refused.get(name))) {
                return; // known, or refused before in this very directory: not read (and logged) again
            }
            VariantEntry e = store.readVerified(dir); // logs why it is not servable
            String why = e == null ? "unreadable" : refusal(e);
            if (why == null) {
                entries.put(name, e);
                if (key != null) {
                    dirKeys.put(name, key);
                }
                added.add(name);
                return;
            }
            if (e != null) {
                log.warn("skipping variant {}: {}", name, why);
            }
            if (key != null) {
                refused.put(name, key);
            }
        });
        return new Changes(added, removed);
    }

    /** The default the store names now (another replica may have activated one), or null. */
    String persistedDefault() {
        return pointer.read();
    }

    /** Switches this replica's default without writing it: the store already names it. */
    void followDefault(String name) {
        defaultName = name;
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
        String expected = e.recipe().base().fingerprint();
        String loaded = fingerprints.get(e.base());
        if (expected != null && loaded != null && !expected.equals(loaded)) {
            return "its recipe was made for another checkpoint of " + e.base() + " (" + expected + ", loaded: "
                    + loaded + ")";
        }
        return null;
    }

    /** Drops, with a log line each, the variants of {@code base} whose recipe names another base fingerprint. */
    void refuseOtherFingerprints(String base, String fingerprint) {
        fingerprints.put(base, fingerprint);
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
