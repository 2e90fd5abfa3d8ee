package dev.lvlmserve.pruning.pass;

import dev.lvlmserve.pruning.plan.PruneRequest;
import java.util.ArrayList;
import java.util.List;

/**
 * Each method as its list of passes: a layer method is [layer scores → remove layers → compensate (SCP, when it
 * compensates)], a width method [width importance → slice width]. {@link #compose} chains methods, each stage on the
 * model the earlier ones left (e.g. block influence, then width-taylor on the remaining layers).
 */
public final class Pipelines {
    private Pipelines() {}

    public static List<PrunePass> of(PruneRequest request) {
        if (request.method().isWidth()) {
            return List.of(new WidthImportancePass(request), new WidthSlicingPass(request));
        }
        return List.of(new LayerScoringPass(request), new LayerRemovalPass(request), new CompensationPass(request));
    }

    /** Layer stages must come before width stages: SCP measures the layers it removes on the unnarrowed base. */
    public static List<PrunePass> compose(List<PruneRequest> stages) {
        boolean width = false;
        List<PrunePass> out = new ArrayList<>();
        for (PruneRequest r : stages) {
            if (width && !r.method().isWidth()) {
                throw new IllegalArgumentException("a layer method cannot follow a width method ('"
                        + r.method().jsonName() + "' after a width stage)");
            }
            width |= r.method().isWidth();
            out.addAll(of(r));
        }
        return out;
    }
}
