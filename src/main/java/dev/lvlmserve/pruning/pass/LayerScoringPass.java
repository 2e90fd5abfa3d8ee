package dev.lvlmserve.pruning.pass;

import dev.lvlmserve.model.llava.LlavaModel;
import dev.lvlmserve.pruning.calibration.CalibrationSample;
import dev.lvlmserve.pruning.calibration.CaptureSpec;
import dev.lvlmserve.pruning.calibration.FeatureKey;
import dev.lvlmserve.pruning.calibration.FeaturePooling;
import dev.lvlmserve.pruning.plan.ModelShape;
import dev.lvlmserve.pruning.plan.PruneOptions;
import dev.lvlmserve.pruning.plan.PruneRequest;
import java.util.List;
import java.util.Set;

/**
 * Layer statistics for the layer methods that score (Short-LVLM's TIS-kept cosine, the token-selection baselines,
 * block influence): one calibration pass recording every candidate's input/output cosine under every token selection
 * (paper §4.1, Eq. 3–6). When SCP will follow and every layer's features fit the capture budget, the same pass
 * records them too, so SCP needs no second pass.
 */
final class LayerScoringPass implements PrunePass {
    private final PruneRequest request;

    LayerScoringPass(PruneRequest request) {
        this.request = request;
    }

    @Override
    public String name() {
        return "layer-scores";
    }

    @Override
    public void run(PassContext ctx) {
        LlavaModel model = ctx.current();
        int n = request.validate(ModelShape.of(model)).layersToRemove();
        if (!request.method().scores() || n == 0) {
            return;
        }
        PruneOptions o = request.options();
        List<CalibrationSample> samples = ctx.samples(request.calibrationSize(), request.seed());
        int rows = stackedRows(o, samples.size());
        List<Integer> layers = model.languageModel().layerIds();
        Set<FeatureKey> eager = request.compensates() && eagerCaptureFits(model, o, samples.size(), rows)
                ? Set.copyOf(layers.stream().map(FeatureKey::allTokens).toList())
                : Set.of();
        CaptureSpec spec = new CaptureSpec(Set.copyOf(request.candidates(layers)), eager, o.tokens(), rows);
        ctx.layerStats = ctx.calibrate(model, samples, spec, "calibrate");
    }

    /** Rows per sample of stacked features (0 = mean pooling): the total cap shared evenly by the samples. */
    static int stackedRows(PruneOptions o, int samples) {
        return switch (o.featurePooling()) {
            case STACKED -> Math.max(1, o.stackedRowCap() / Math.max(1, samples));
            case MEAN, KEPT_MEAN -> 0;
        };
    }

    /** Kept-token features depend on the removed layer, so only all-token features can be captured early. */
    private static boolean eagerCaptureFits(LlavaModel model, PruneOptions o, int samples, int rows) {
        if (o.featurePooling() == FeaturePooling.KEPT_MEAN) {
            return false;
        }
        long bytes = (long) samples * Math.max(1, rows) * model.config().textConfig().hiddenSize() * Float.BYTES
                * model.languageModel().layerIds().size();
        return bytes <= o.captureBudgetBytes();
    }
}
