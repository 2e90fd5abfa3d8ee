package dev.lvlmserve.pruning.apply;

import dev.lvlmserve.model.llava.LlavaModel;
import dev.lvlmserve.pruning.Cancellation;
import dev.lvlmserve.pruning.ProgressListener;
import dev.lvlmserve.pruning.calibration.CalibrationHash;
import dev.lvlmserve.pruning.calibration.CalibrationSample;
import dev.lvlmserve.pruning.calibration.CalibrationSource;
import dev.lvlmserve.pruning.calibration.CalibrationStats;
import dev.lvlmserve.pruning.calibration.Calibrator;
import dev.lvlmserve.pruning.calibration.CaptureSpec;
import dev.lvlmserve.pruning.calibration.FeatureBank;
import dev.lvlmserve.pruning.calibration.FeatureKey;
import dev.lvlmserve.pruning.calibration.FeaturePooling;
import dev.lvlmserve.pruning.compensation.Compensator;
import dev.lvlmserve.pruning.compensation.LayerPair;
import dev.lvlmserve.pruning.compensation.LayerPairing;
import dev.lvlmserve.pruning.compensation.Subspace;
import dev.lvlmserve.pruning.plan.CompensationRecord;
import dev.lvlmserve.pruning.plan.ModelFingerprint;
import dev.lvlmserve.pruning.plan.PruneOptions;
import dev.lvlmserve.pruning.plan.PruneRequest;
import dev.lvlmserve.pruning.plan.PruningPlan;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * One prune, end to end (paper Fig. 5): calibrate → localize → (SCP: pair, capture, SVD) → apply. Stateless and
 * single-threaded; the caller runs it on a worker thread and cancels through {@code cancelled}.
 *
 * <p>Calibration runs only when the method scores layers or SCP runs, and not at all for ratio 0. SCP needs the
 * features of the removed layers and their partners, unknown until the layers are chosen: if every layer's features
 * fit the capture budget they are recorded during scoring (one pass), otherwise a second pass records only the pairs'.
 */
public final class PruningEngine {
    public PruneResult prune(LlavaModel model, CalibrationSource source, PruneRequest request,
            ProgressListener progress, BooleanSupplier cancelled) {
        StageTimer timer = new StageTimer();
        List<Integer> layers = model.languageModel().layerIds();
        int n = request.validate(layers);
        List<Integer> candidates = request.candidates(layers);
        boolean scp = request.compensates() && n > 0;
        boolean score = request.method().scores() && n > 0;
        PruneOptions o = request.options();
        String fingerprint = timer.time("fingerprint", () -> ModelFingerprint.of(model));
        List<CalibrationSample> samples = score || scp
                ? timer.time("draw", () -> source.draw(request.calibrationSize(), request.seed()))
                : List.of();
        if ((score || scp) && samples.isEmpty()) {
            throw new IllegalArgumentException("the calibration set is empty: " + source.describe()
                    + " gave no samples");
        }
        Calibrator calibrator = new Calibrator(progress, cancelled);
        int rows = stackedRows(o, samples.size());
        CalibrationStats stats = null;
        if (score) {
            Set<FeatureKey> eager = scp && eagerCaptureFits(model, o, samples.size(), rows) ? allLayers(layers)
                    : Set.of();
            CaptureSpec spec = new CaptureSpec(Set.copyOf(candidates), eager, o.tokens(), rows);
            stats = timer.time("calibrate", () -> calibrator.run(model, samples, spec, "calibrate"));
        }
        CalibrationStats scored = stats;
        LayerChooser.Choice choice = timer.time("localize",
                () -> LayerChooser.choose(request, candidates, n, scored, progress, cancelled));
        progress.onProgress("localize", 1, 1);
        List<LayerPair> pairs = scp
                ? LayerPairing.nearestRetained(choice.removed(),
                        layers.stream().filter(l -> !choice.removed().contains(l)).toList())
                : List.of();
        Map<Integer, Subspace> subspaces = Map.of();
        if (scp) {
            Set<FeatureKey> keys = Compensator.featureKeys(pairs, o.featurePooling());
            FeatureBank bank = stats != null && stats.features().containsAll(keys) ? stats.features()
                    : timer.time("capture-features", () -> calibrator.run(model, samples,
                            new CaptureSpec(Set.of(), keys, o.tokens(), rows), "capture-features")).features();
            int k = request.rank(model.config().textConfig().hiddenSize());
            subspaces = timer.time("compensate", () -> Compensator.subspaces(pairs, bank, o.featurePooling(), k,
                    o.svd(), progress, cancelled));
        }
        PruningPlan plan = new PruningPlan(PruningPlan.FORMAT_VERSION, request.baseModelId(), fingerprint,
                request.method(), o, request.ratio(), request.seed(), layers.size(), candidates, choice.scoredBy(),
                choice.removed(), choice.scores(), scp ? o.scpTarget() : null, records(pairs, subspaces, request,
                        model), samples.isEmpty() ? null : CalibrationHash.of(samples), samples.size(),
                choice.metrics(), Map.of());
        Cancellation.check(cancelled, "apply");
        Map<Integer, Subspace> finalSubspaces = subspaces;
        LlavaModel variant = timer.time("apply", () -> PlanApplier.applyVerified(model, plan, finalSubspaces));
        progress.onProgress("apply", 1, 1);
        return new PruneResult(plan.withTimings(timer.snapshot()), variant, subspaces);
    }

    /** Rows per sample of stacked features (0 = mean pooling): the total cap shared evenly by the samples. */
    private static int stackedRows(PruneOptions o, int samples) {
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

    private static Set<FeatureKey> allLayers(List<Integer> layers) {
        return Set.copyOf(layers.stream().map(FeatureKey::allTokens).toList());
    }

    private static List<CompensationRecord> records(List<LayerPair> pairs, Map<Integer, Subspace> subspaces,
            PruneRequest request, LlavaModel model) {
        int requested = request.rank(model.config().textConfig().hiddenSize());
        return pairs.stream().map(p -> {
            Subspace s = subspaces.get(p.retained());
            return new CompensationRecord(p.removed(), p.retained(), s.rank(), requested, s.rows(),
                    Arrays.stream(s.singularValues()).boxed().toList());
        }).toList();
    }
}
