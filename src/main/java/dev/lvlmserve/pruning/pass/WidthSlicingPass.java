package dev.lvlmserve.pruning.pass;

import dev.lvlmserve.model.recipe.LayerWidth;
import dev.lvlmserve.pruning.plan.ModelShape;
import dev.lvlmserve.pruning.plan.PruneRequest;
import dev.lvlmserve.pruning.plan.PruneScope;
import dev.lvlmserve.pruning.width.WidthSelection;
import java.util.Map;

/** Narrows each targeted layer to the units that scored highest, as many as the width budget keeps. */
final class WidthSlicingPass implements PrunePass {
    private final PruneRequest request;

    WidthSlicingPass(PruneRequest request) {
        this.request = request;
    }

    @Override
    public String name() {
        return "slice-width";
    }

    @Override
    public void run(PassContext ctx) {
        ModelShape shape = ModelShape.of(ctx.current());
        PruneScope scope = request.validate(shape);
        if (ctx.widthScores == null) {
            throw new IllegalStateException("slice-width needs the width-importance pass before it");
        }
        Map<Integer, LayerWidth> widths = WidthSelection.select(shape, scope.width(), ctx.widthScores);
        ctx.edit(ctx.recipe().withWidths(widths));
        if (ctx.report().candidates.isEmpty()) { // after a layer stage, its candidates stay the report's
            ctx.report().candidates = scope.candidates();
        }
        ctx.report().width = scope.width();
    }
}
