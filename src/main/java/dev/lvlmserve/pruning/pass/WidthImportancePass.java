package dev.lvlmserve.pruning.pass;

import dev.lvlmserve.model.llava.LlavaModel;
import dev.lvlmserve.pruning.calibration.CalibrationSample;
import dev.lvlmserve.pruning.calibration.CalibrationStats;
import dev.lvlmserve.pruning.calibration.CaptureSpec;
import dev.lvlmserve.pruning.plan.ModelShape;
import dev.lvlmserve.pruning.plan.PruneRequest;
import dev.lvlmserve.pruning.plan.PruneScope;
import dev.lvlmserve.pruning.width.ActivationImportance;
import dev.lvlmserve.pruning.width.RandomImportance;
import dev.lvlmserve.pruning.width.TaylorImportance;
import java.util.List;
import java.util.Set;

/**
 * The importance of every head, key/value head and neuron of the layers a width method narrows, on the model as the
 * earlier passes left it: Taylor (a gradient pass), activation magnitude (one calibration pass collecting the
 * channel norms) or random (no data).
 */
final class WidthImportancePass implements PrunePass {
    private final PruneRequest request;

    WidthImportancePass(PruneRequest request) {
        this.request = request;
    }

    @Override
    public String name() {
        return "width-importance";
    }

    @Override
    public void run(PassContext ctx) {
        LlavaModel model = ctx.current();
        ModelShape shape = ModelShape.of(model);
        PruneScope scope = request.validate(shape);
        if (scope.changesNothing()) { // ratio 0: nothing to rank, no calibration
            ctx.widthScores = java.util.Map.of();
            return;
        }
        List<Integer> layers = scope.candidates();
        ctx.widthScores = switch (request.method().importance()) {
            case TAYLOR -> {
                List<CalibrationSample> samples = ctx.samples(request.calibrationSize(), request.seed());
                yield ctx.time("importance", () -> TaylorImportance.scores(model, samples, layers,
                        request.options().gradientBudgetBytes(), ctx.progress(), ctx.cancelled()));
            }
            case ACTIVATION -> {
                List<CalibrationSample> samples = ctx.samples(request.calibrationSize(), request.seed());
                CalibrationStats stats = ctx.calibrate(model, samples, CaptureSpec.channels(Set.copyOf(layers)),
                        "calibrate");
                yield ActivationImportance.scores(model, stats, layers);
            }
            case RANDOM -> RandomImportance.scores(shape, layers, request.seed());
        };
    }
}
