package dev.lvlmserve.serving.jobs;

import dev.lvlmserve.model.config.LlavaConfig;
import dev.lvlmserve.model.llava.LlavaPipeline;
import java.util.function.BooleanSupplier;

/**
 * A pruning method: base pipeline + spec → variant. Implementations are Spring beans, found by {@link #method()};
 * the Short-LVLM engine plugs in here. Builders run on the single prune-job thread (grad mode off) while the base
 * keeps serving, so they must only read the base's tensors.
 */
public interface VariantBuilder {
    /** The name requests use in {@code method}, e.g. {@code last-n}. */
    String method();

    /**
     * Checks method-specific parts of a request before it is queued.
     *
     * @throws IllegalArgumentException with a client-facing message (becomes 422)
     */
    default void validate(PruneSpec spec, LlavaConfig base) {}

    /**
     * Builds the variant. Reports progress; checks {@code cancelled} between steps and then throws
     * {@link java.util.concurrent.CancellationException}, releasing whatever it allocated.
     */
    BuiltVariant build(LlavaPipeline base, PruneSpec spec, ProgressSink progress, BooleanSupplier cancelled);
}
