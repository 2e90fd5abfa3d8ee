package dev.lvlmserve.pruning.apply;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.lvlmserve.model.llava.LlavaModel;
import dev.lvlmserve.pruning.Cancellation;
import dev.lvlmserve.pruning.ProgressListener;
import dev.lvlmserve.pruning.calibration.FeatureBank;
import dev.lvlmserve.pruning.compensation.Compensator;
import dev.lvlmserve.pruning.compensation.LayerPair;
import dev.lvlmserve.pruning.compensation.Subspace;
import dev.lvlmserve.pruning.compensation.SubspaceEdit;
import dev.lvlmserve.pruning.plan.CompensationRecord;
import dev.lvlmserve.pruning.plan.ModelFingerprint;
import dev.lvlmserve.pruning.plan.PruningPlan;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Plan → variant (DESIGN §8.6: pruning is a pass; the model classes know nothing of it). Removed layers are dropped
 * through {@link LlavaModel#derive}; SCP edits become replacement tensors in a fresh sub-manager that the variant owns.
 * Every other tensor is shared with the base, so an empty plan is the base model bit for bit.
 */
public final class PlanApplier {
    private PlanApplier() {}

    /** A plan without SCP edits (plain removal, or every edit of rank 0). */
    public static LlavaModel apply(LlavaModel base, PruningPlan plan) {
        return apply(base, plan, Map.of());
    }

    /**
     * @param subspaces the SCP subspace of each edited retained layer, as computed at prune time ({@link
     *     PruneResult#subspaces()})
     * @throws IllegalArgumentException when the plan was made for another model, or a subspace is missing
     */
    public static LlavaModel apply(LlavaModel base, PruningPlan plan, Map<Integer, Subspace> subspaces) {
        List<Integer> layers = base.languageModel().layerIds();
        if (plan.totalLayers() != layers.size()) {
            throw new IllegalArgumentException("plan is for a " + plan.totalLayers() + "-layer decoder, this model has "
                    + layers.size() + " layers");
        }
        if (plan.baseModelHash() != null) {
            String actual = ModelFingerprint.of(base);
            if (!actual.equals(plan.baseModelHash())) {
                throw new IllegalArgumentException("plan was made for base model '" + plan.baseModelId() + "' ("
                        + plan.baseModelHash() + "), this model's fingerprint is " + actual);
            }
        }
        return applyVerified(base, plan, subspaces);
    }

    /**
     * Recomputes the SCP subspaces from calibration features (the plan's pairs, pooling, SVD strategy and requested
     * rank) and applies the plan. With the features the prune captured, the variant is the prune's variant.
     *
     * @param features must hold the pairs' feature matrices for the plan's pooling
     */
    public static LlavaModel apply(LlavaModel base, PruningPlan plan, FeatureBank features) {
        List<LayerPair> pairs = plan.compensation().stream().map(c -> new LayerPair(c.removed(), c.retained()))
                .toList();
        int rank = plan.compensation().isEmpty() ? 0 : plan.compensation().getFirst().requestedRank();
        Map<Integer, Subspace> subspaces = Compensator.subspaces(pairs, features, plan.options().featurePooling(),
                rank, plan.options().svd(), ProgressListener.NONE, Cancellation.NEVER);
        return apply(base, plan, subspaces);
    }

    static LlavaModel applyVerified(LlavaModel base, PruningPlan plan, Map<Integer, Subspace> subspaces) {
        Set<Integer> removed = Set.copyOf(plan.removedLayers());
        List<CompensationRecord> edits = plan.compensation().stream().filter(c -> c.rank() > 0).toList();
        if (edits.isEmpty()) {
            return base.derive(removed, Map.of(), null); // rank 0 shares everything: identical to plain removal
        }
        if (plan.scpTarget() == null) {
            throw new IllegalArgumentException("plan has SCP edits of rank > 0 but no scp_target");
        }
        int dim = base.config().textConfig().hiddenSize();
        NDManager owner = base.manager().newSubManager();
        try {
            Map<String, NDArray> replacements = new LinkedHashMap<>();
            for (CompensationRecord c : edits) {
                Subspace s = subspaces.get(c.retained());
                if (s == null || s.rank() != c.rank() || s.dim() != dim) {
                    throw new IllegalArgumentException("plan edits layer " + c.retained() + " with a rank-" + c.rank()
                            + " subspace of dimension " + dim + ", but " + (s == null ? "none was given"
                                    : "the given one has rank " + s.rank() + " and dimension " + s.dim()));
                }
                replacements.putAll(SubspaceEdit.edits(base.weights(), c.retained(), plan.scpTarget(), s, owner));
            }
            return base.derive(removed, replacements, owner);
        } catch (RuntimeException e) {
            owner.close();
            throw e;
        }
    }
}
