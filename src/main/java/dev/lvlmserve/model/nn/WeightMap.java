package dev.lvlmserve.model.nn;

import ai.djl.ndarray.NDArray;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Canonical checkpoint key → tensor. Modules take their weights from here by their Hugging Face names, so a
 * model's structure and its checkpoint can never disagree silently. It does not own the tensors.
 *
 * <p>A derived variant may add a factored low-rank delta to a linear module {@code m}: its factors live here as
 * {@code m.delta_A} (k, in) and {@code m.delta_B} (out, k), beside {@code m.weight}; {@link #linear} applies them.
 * These keys never appear in a checkpoint: an export materializes the delta into the weight.
 */
public final class WeightMap {
    public static final String DELTA_A = ".delta_A";
    public static final String DELTA_B = ".delta_B";

    private final Map<String, NDArray> tensors;

    public WeightMap(Map<String, NDArray> tensors) {
        this.tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
    }

    public NDArray require(String key) {
        NDArray t = tensors.get(key);
        if (t == null) {
            throw new IllegalStateException("weight '" + key + "' is missing");
        }
        return t;
    }

    /** For tensors a config may leave out (biases). */
    public NDArray optional(String key) {
        return tensors.get(key);
    }

    public Linear linear(String prefix, boolean bias) {
        return new Linear(require(prefix + ".weight"), bias ? require(prefix + ".bias") : null,
                optional(prefix + DELTA_A), optional(prefix + DELTA_B));
    }

    /** Whether {@code key} names a factor of a low-rank delta rather than a checkpoint tensor. */
    public static boolean isDeltaKey(String key) {
        return key.endsWith(DELTA_A) || key.endsWith(DELTA_B);
    }

    public Map<String, NDArray> asMap() {
        return tensors;
    }

    /** A copy with some keys dropped and others replaced; untouched tensors are shared, not copied. */
    public WeightMap derive(java.util.function.Predicate<String> drop, Map<String, NDArray> replacements) {
        Map<String, NDArray> next = new LinkedHashMap<>();
        tensors.forEach((k, v) -> {
            if (!drop.test(k)) {
                next.put(k, replacements.getOrDefault(k, v));
            }
        });
        for (String k : replacements.keySet()) {
            if (!next.containsKey(k)) {
                throw new IllegalArgumentException("replacement for unknown or removed weight '" + k + "'");
            }
        }
        return new WeightMap(next);
    }
}
