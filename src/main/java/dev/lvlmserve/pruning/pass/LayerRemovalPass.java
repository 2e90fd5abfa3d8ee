package dev.lvlmserve.pruning.pass;

import dev.lvlmserve.model.llava.LlavaModel;
import dev.lvlmserve.pruning.plan.ModelShape;
import dev.lvlmserve.pruning.plan.PruneRequest;
import dev.lvlmserve.pruning.plan.PruneScope;

/**
 * Layer localization (paper §4.1 last paragraph) or a score-free baseline: round(ratio·L) layers go, one-shot —
 * the most redundant by the layer statistics, or the last, a random draw, or enumeration's best subset.
 */
final class LayerRemovalPass implements PrunePass {
    private final PruneRequest request;

    LayerRemovalPass(PruneRequest request) {
        this.request = request;
    }

    @Override
    public String name() {
        return "remove-layers";
    }

    @Override
    public void run(PassContext ctx) {
        LlavaModel model = ctx.current();
        PruneScope scope = request.validate(ModelShape.of(model));
        LayerChooser.Choice choice = ctx.time("localize", () -> LayerChooser.choose(request, scope.candidates(),
                scope.layersToRemove(), ctx.layerStats, ctx.progress(), ctx.cancelled()));
        ctx.progress().onProgress("localize", 1, 1);
        ctx.edit(ctx.recipe().withRemovedLayers(choice.removed()));
        ReportDraft r = ctx.report();
        r.candidates = scope.candidates();
        r.scoredBy = choice.scoredBy();
        r.layerScores = choice.scores();
        r.metrics.putAll(choice.metrics());
    }
}
