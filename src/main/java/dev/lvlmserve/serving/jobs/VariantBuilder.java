package dev.lvlmserve.serving.jobs;

import dev.lvlmserve.model.llava.LlavaPipeline;
import dev.lvlmserve.pruning.plan.ModelShape;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Builds variants for the methods it names: base pipeline + spec → variant. Implementations are Spring beans; the
 * pruning engine's builder serves every method the pruning registry offers. Builders run on the single prune-job
 * thread (grad mode off) while the base keeps serving, so they must only read the base's tensors.
 */
public interface VariantBuilder {
    /** The names requests use in {@code method}, e.g. {@code short-lvlm}. */
    List<String> methods();

    /**
     * Checks a request before it is queued, against the base's layer shapes.
     *
     * @throws IllegalArgumentException with a client-facing message (becomes 422); an
     *     {@link dev.lvlmserve.pruning.plan.InvalidPruneRequest} names the field at fault
     */
    default void validate(PruneSpec spec, ModelShape base) {}

    /**
     * Builds the variant. Reports progress; checks {@code cancelled} between steps and then throws
     * {@link java.util.concurrent.CancellationException}, releasing whatever it allocated.
     */
    BuiltVariant build(LlavaPipeline base, PruneSpec spec, ProgressSink progress, BooleanSupplier cancelled);
}
