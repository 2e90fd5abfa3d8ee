package dev.lvlmserve.pruning.apply;

import dev.lvlmserve.model.llava.LlavaModel;
import dev.lvlmserve.pruning.compensation.Subspace;
import dev.lvlmserve.pruning.plan.PruningPlan;
import java.util.Map;

/**
 * A prune's output. The variant shares the base model's tensors and must be closed before the base; the subspaces
 * (by retained layer) let {@link PlanApplier} rebuild the same variant from the plan later.
 */
public record PruneResult(PruningPlan plan, LlavaModel variant, Map<Integer, Subspace> subspaces)
        implements AutoCloseable {
    public PruneResult {
        subspaces = Map.copyOf(subspaces);
    }

    /** Closes the variant (its replacement tensors only; the base model is untouched). */
    @Override
    public void close() {
        variant.close();
    }
}
