package dev.lvlmserve.pruning.pass;

import dev.lvlmserve.model.llava.LlavaModel;
import dev.lvlmserve.pruning.calibration.CalibrationSample;
import dev.lvlmserve.pruning.calibration.CaptureSpec;
import dev.lvlmserve.pruning.calibration.FeatureBank;
import dev.lvlmserve.pruning.calibration.FeatureKey;
import dev.lvlmserve.pruning.compensation.Compensator;
import dev.lvlmserve.pruning.compensation.LayerPair;
import dev.lvlmserve.pruning.compensation.LayerPairing;
import dev.lvlmserve.pruning.compensation.Subspace;
import dev.lvlmserve.pruning.compensation.SubspaceEdit;
import dev.lvlmserve.pruning.plan.CompensationRecord;
import dev.lvlmserve.pruning.plan.PruneOptions;
import dev.lvlmserve.pruning.plan.PruneRequest;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Subspace-Compensated Pruning (paper §4.2) on the layers the recipe removes: each removed layer is paired with its
 * nearest retained layer, the gap between their features (measured on the base, where both layers still run) gives
 * the top-k subspace V_k, and the retained layer gets the rank-k delta P·W − W = V_k(V_kᵀW) on the target's weights.
 */
final class CompensationPass implements PrunePass {
    private final PruneRequest request;

    CompensationPass(PruneRequest request) {
        this.request = request;
    }

    @Override
    public String name() {
        return "compensate";
    }

    @Override
    public void run(PassContext ctx) {
        List<Integer> removed = ctx.recipe().removedLayers();
        if (!request.compensates() || removed.isEmpty()) {
            return;
        }
        LlavaModel base = ctx.base();
        PruneOptions o = request.options();
        List<Integer> layers = base.languageModel().layerIds();
        List<LayerPair> pairs = LayerPairing.nearestRetained(removed,
                layers.stream().filter(l -> !removed.contains(l)).toList());
        Set<FeatureKey> keys = Compensator.featureKeys(pairs, o.featurePooling());
        List<CalibrationSample> samples = ctx.samples(request.calibrationSize(), request.seed());
        FeatureBank bank = ctx.layerStats != null && ctx.layerStats.features().containsAll(keys)
                ? ctx.layerStats.features()
                : ctx.calibrate(base, samples, new CaptureSpec(Set.of(), keys, o.tokens(),
                        LayerScoringPass.stackedRows(o, samples.size())), "capture-features").features();
        int k = request.rank(base.config().textConfig().hiddenSize());
        Map<Integer, Subspace> subspaces = ctx.time("compensate", () -> Compensator.subspaces(pairs, bank,
                o.featurePooling(), k, o.svd(), ctx.progress(), ctx.cancelled()));
        ctx.time("compensate", () -> {
            for (LayerPair p : pairs) {
                SubspaceEdit.Edit e = SubspaceEdit.edits(base.weights(), p.retained(), o.scpTarget(),
                        subspaces.get(p.retained()), ctx.tensorOwner());
                ctx.addTensors(e.tensors());
                ctx.edit(ctx.recipe().withDeltas(e.deltas()).withReplacements(e.replacements()));
            }
            return null;
        });
        ReportDraft r = ctx.report();
        r.scpTarget = o.scpTarget();
        for (LayerPair p : pairs) {
            Subspace s = subspaces.get(p.retained());
            r.compensation.add(new CompensationRecord(p.removed(), p.retained(), s.rank(), k, s.rows(),
                    Arrays.stream(s.singularValues()).boxed().toList()));
        }
    }
}
