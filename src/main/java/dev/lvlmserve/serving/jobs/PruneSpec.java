package dev.lvlmserve.serving.jobs;

import java.util.Map;

/**
 * A validated prune request, as a {@link VariantBuilder} receives it.
 *
 * @param base the base model's name
 * @param ratio fraction of the decoder's layer parameters to remove (layers: [0, 0.5), width: [0, 1))
 * @param method the builder's {@link VariantBuilder#method()}
 * @param options method-specific options, passed through verbatim (the builder validates them)
 * @param calibration where calibration samples come from
 * @param name the variant's name
 * @param seed for every random choice the method makes
 */
public record PruneSpec(String base, double ratio, String method, Map<String, Object> options,
        Calibration calibration, String name, long seed) {

    public PruneSpec {
        options = options == null ? Map.of() : Map.copyOf(options);
    }

    /**
     * @param source {@code builtin} (the built-in benchmark's training split) or {@code jsonl} (LLaVA-665k format)
     * @param path the JSONL file for {@code jsonl}; null for {@code builtin}
     * @param size samples to use
     */
    public record Calibration(String source, String path, int size) {
        public static final Calibration BUILTIN = new Calibration("builtin", null, 64);
    }
}
