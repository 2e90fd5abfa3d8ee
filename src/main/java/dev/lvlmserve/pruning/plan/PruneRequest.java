package dev.lvlmserve.pruning.plan;

import dev.lvlmserve.pruning.compensation.Compensator;
import dev.lvlmserve.pruning.scoring.LayerLocalizer;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.ToDoubleFunction;

/**
 * One prune job's input. The constructor rejects what is wrong on its own; {@link #validate} rejects what is wrong
 * for a given model. Every rejection is an {@link IllegalArgumentException} whose
 * message names the field and the allowed range.
 *
 * @param ratio fraction of the decoder's L layers to remove, round(ratio·L) of them; in [0, 0.5) — paper §4.2:
 *     performance collapses past half, and below half every removed layer has a retained partner for SCP
 * @param calibrationSize N, samples drawn from the calibration source (paper: 1,000)
 * @param seed fixes the calibration draw and the {@code random} method
 * @param evaluator {@code enumerate} only: scores a set of removed layers, higher is better (not serialized)
 */
public record PruneRequest(
        PruningMethod method,
        double ratio,
        int calibrationSize,
        long seed,
        String baseModelId,
        PruneOptions options,
        ToDoubleFunction<Set<Integer>> evaluator) {
    public static final int PAPER_CALIBRATION_SIZE = 1000;

    public PruneRequest {
        Objects.requireNonNull(method, "method");
        if (!(ratio >= 0 && ratio < 0.5)) {
            throw new IllegalArgumentException("ratio must be in [0, 0.5) (performance collapses past half the "
                    + "layers, paper §4.2), was " + ratio);
        }
        if (calibrationSize < 1) {
            throw new IllegalArgumentException("calibration size must be ≥ 1, was " + calibrationSize);
        }
        baseModelId = baseModelId == null ? "unnamed" : baseModelId;
        options = options == null ? PruneOptions.DEFAULT : options;
    }

    /** Defaults: the paper's N = 1,000, seed 0, default options. */
    public static PruneRequest of(String method, double ratio) {
        return new PruneRequest(PruningMethod.parse(method), ratio, PAPER_CALIBRATION_SIZE, 0, null, null, null);
    }

    public PruneRequest withCalibrationSize(int n) {
        return new PruneRequest(method, ratio, n, seed, baseModelId, options, evaluator);
    }

    public PruneRequest withSeed(long s) {
        return new PruneRequest(method, ratio, calibrationSize, s, baseModelId, options, evaluator);
    }

    public PruneRequest withBaseModelId(String id) {
        return new PruneRequest(method, ratio, calibrationSize, seed, id, options, evaluator);
    }

    public PruneRequest withOptions(PruneOptions o) {
        return new PruneRequest(method, ratio, calibrationSize, seed, baseModelId, o, evaluator);
    }

    public PruneRequest withEvaluator(ToDoubleFunction<Set<Integer>> e) {
        return new PruneRequest(method, ratio, calibrationSize, seed, baseModelId, options, e);
    }

    /** The candidate layers for a model with decoder layers {@code modelLayers} (checkpoint ids, in order). */
    public List<Integer> candidates(List<Integer> modelLayers) {
        if (options.candidateLayers() == null) {
            return method.allLayersCandidates() ? List.copyOf(modelLayers) : LayerLocalizer.deeperHalf(modelLayers);
        }
        for (int layer : options.candidateLayers()) {
            if (!modelLayers.contains(layer)) {
                throw new IllegalArgumentException("candidate layer " + layer + " is not a decoder layer of the model"
                        + " (layers " + modelLayers + ")");
            }
        }
        return options.candidateLayers().stream().sorted().toList();
    }

    /**
     * Everything that can be checked before any work for a model with decoder layers {@code modelLayers}: the
     * candidates, the removal count, the evaluator {@code enumerate} needs.
     *
     * @return round(ratio·L), the number of layers to remove
     */
    public int validate(List<Integer> modelLayers) {
        if (method == PruningMethod.ENUMERATE && evaluator == null) {
            throw new IllegalArgumentException("method 'enumerate' needs an evaluator that scores each layer subset");
        }
        return removalCount(modelLayers);
    }

    /** round(ratio·L), checked against the candidates. */
    public int removalCount(List<Integer> modelLayers) {
        int n = LayerLocalizer.removalCount(ratio, modelLayers.size());
        List<Integer> candidates = candidates(modelLayers);
        if (n > candidates.size()) {
            throw new IllegalArgumentException("ratio " + ratio + " removes round(" + ratio + " × " + modelLayers.size()
                    + ") = " + n + " layers, but only " + candidates.size() + " candidate layers " + candidates
                    + " may be removed");
        }
        return n;
    }

    /** Whether SCP runs: the option if given, else the method's default. */
    public boolean compensates() {
        return options.compensate() != null ? options.compensate() : method.compensatesByDefault();
    }

    /** SCP's requested k for hidden size D. */
    public int rank(int hiddenSize) {
        return options.rank() != null ? options.rank() : Compensator.defaultRank(hiddenSize);
    }
}
