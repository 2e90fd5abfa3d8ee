package dev.lvlmserve.pruning.apply;

import ai.djl.ndarray.NDArray;
import dev.lvlmserve.model.llava.LlavaModel;
import dev.lvlmserve.model.llava.ModelFingerprint;
import dev.lvlmserve.model.recipe.RecipeTensors;
import dev.lvlmserve.model.recipe.VariantRecipe;
import dev.lvlmserve.pruning.Cancellation;
import dev.lvlmserve.pruning.ProgressListener;
import dev.lvlmserve.pruning.calibration.CalibrationHash;
import dev.lvlmserve.pruning.calibration.CalibrationSample;
import dev.lvlmserve.pruning.calibration.CalibrationSource;
import dev.lvlmserve.pruning.pass.PassContext;
import dev.lvlmserve.pruning.pass.Pipelines;
import dev.lvlmserve.pruning.pass.PrunePass;
import dev.lvlmserve.pruning.pass.ReportDraft;
import dev.lvlmserve.pruning.plan.ModelShape;
import dev.lvlmserve.pruning.plan.ParameterReport;
import dev.lvlmserve.pruning.plan.PruneRequest;
import dev.lvlmserve.pruning.plan.PruningPlan;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * One prune, end to end: validate → run the method's passes ({@link Pipelines}) over a {@link PassContext} → derive
 * the variant from the recipe they built → attach the report. Stateless and single-threaded; the caller runs it on a
 * worker thread and cancels through {@code cancelled}. Calibration runs only when a pass needs statistics, and not at
 * all for ratio 0.
 */
public final class PruningEngine {
    public PruneResult prune(LlavaModel model, CalibrationSource source, PruneRequest request,
            ProgressListener progress, BooleanSupplier cancelled) {
        return run(model, source, request, Pipelines.of(request), progress, cancelled);
    }

    /**
     * Runs {@code passes} (e.g. {@link Pipelines#compose}); {@code request} names the prune in the report and sets
     * its base id, seed and delta mode.
     */
    public PruneResult run(LlavaModel model, CalibrationSource source, PruneRequest request, List<PrunePass> passes,
            ProgressListener progress, BooleanSupplier cancelled) {
        ModelShape before = ModelShape.of(model);
        request.validate(before);
        long t0 = System.nanoTime();
        String fingerprint = ModelFingerprint.of(model);
        long fingerprintMs = (System.nanoTime() - t0) / 1_000_000;
        VariantRecipe start = VariantRecipe.empty(new VariantRecipe.Base(request.baseModelId(), fingerprint,
                model.languageModel().layerIds().size())).withDeltaMode(request.options().deltaMode());
        PassContext ctx = new PassContext(model, start, source, progress, cancelled);
        boolean handedOver = false;
        try {
            ctx.timer().time("fingerprint", () -> fingerprintMs);
            for (PrunePass pass : passes) {
                Cancellation.check(cancelled, pass.name());
                pass.run(ctx);
                ctx.report().passes().add(pass.name());
            }
            Cancellation.check(cancelled, "apply");
            VariantRecipe recipe = ctx.recipe();
            RecipeTensors tensors = ctx.handOverTensors();
            LlavaModel variant = ctx.time("apply", () -> model.derive(recipe, tensors));
            handedOver = true;
            progress.onProgress("apply", 1, 1);
            PruningPlan report = report(request, ctx, recipe, before, ModelShape.of(variant), model);
            return new PruneResult(recipe.withReport(report.toJsonNode()), report, tensors, variant);
        } finally {
            ctx.close(!handedOver);
        }
    }

    private static PruningPlan report(PruneRequest request, PassContext ctx, VariantRecipe recipe, ModelShape before,
            ModelShape after, LlavaModel base) {
        ReportDraft d = ctx.report();
        List<CalibrationSample> samples = ctx.drawnSamples();
        List<Integer> candidates = d.candidates().isEmpty() ? request.candidates(before.layerIds()) : d.candidates();
        return new PruningPlan(PruningPlan.FORMAT_VERSION, request.baseModelId(), recipe.base().fingerprint(),
                request.method(), request.options(), request.ratio(), request.seed(), before.layers().size(),
                candidates, d.scoredBy(), recipe.removedLayers(), d.layerScores(), d.scpTarget(), d.compensation(),
                samples == null ? null : CalibrationHash.of(samples), samples == null ? 0 : samples.size(),
                d.metrics(), ctx.timer().snapshot(), d.width(),
                ParameterReport.of(before, after, parameters(base)), d.passes());
    }

    /** Every parameter of the base, each tensor once (tied embeddings share one). */
    private static long parameters(LlavaModel model) {
        Map<NDArray, Boolean> seen = new IdentityHashMap<>();
        long total = 0;
        for (NDArray a : model.weights().asMap().values()) {
            if (seen.put(a, Boolean.TRUE) == null) {
                total += a.size();
            }
        }
        return total;
    }
}
