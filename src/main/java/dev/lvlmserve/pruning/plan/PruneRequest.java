package dev.lvlmserve.pruning.plan;

import dev.lvlmserve.pruning.compensation.Compensator;
import dev.lvlmserve.pruning.scoring.LayerLocalizer;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.ToDoubleFunction;

/**
 * One prune's input, and the one place where a request is validated for every method: the constructor rejects what
 * is wrong on its own, {@link #validate} what is wrong for a given model. Every rejection is an
 * {@link IllegalArgumentException} whose message names the field and the allowed range (the server answers 422).
 *
 * @param ratio the fraction of the decoder's layer parameters to remove — the same meaning for every method. Layer
 *     methods remove round(ratio·L) layers, ratio in [0, 0.5) (paper §4.2: performance collapses past half, and below
 *     half every removed layer has a retained partner for SCP); width methods remove heads and neurons, ratio in
 *     [0, 1)
 * @param calibrationSize N, samples drawn from the calibration source (paper: 1,000; the study's Taylor: 10)
 * @param seed fixes the calibration draw and every random choice
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
    /**
     * The GQA mode of width methods when the request names none: {@code heads}. Measured on the default model (6 query
     * over 2 key/value heads; docs/results/ablation.md, "GQA mode"): from 31 % of the decoder's parameters on,
     * {@code heads} kept 38–40 where {@code groups}, which must drop half the heads, collapsed to 10–11; {@code groups}
     * won only at 18.8 %, where it rounds to removing no head at all; mean over the four ratios 44.0 vs 35.0.
     */
    public static final GqaMode DEFAULT_GQA = GqaMode.HEADS;

    public PruneRequest {
        Objects.requireNonNull(method, "method");
        double max = method.isWidth() ? 1 : 0.5;
        if (!(ratio >= 0 && ratio < max)) {
            throw new InvalidPruneRequest("ratio", method.isWidth()
                    ? "ratio must be in [0, 1) for a width method (the fraction of decoder-layer parameters removed), "
                            + "was " + ratio
                    : "ratio must be in [0, 0.5) (performance collapses past half the layers, paper §4.2), was "
                            + ratio);
        }
        if (calibrationSize < 1) {
            throw new InvalidPruneRequest("calibration", "calibration size must be ≥ 1, was " + calibrationSize);
        }
        baseModelId = baseModelId == null ? "unnamed" : baseModelId;
        options = options == null ? PruneOptions.DEFAULT : options;
        if (!method.isWidth() && (options.gqa() != null || options.removeHeads() != null)) {
            throw new InvalidPruneRequest("options", "gqa and remove_heads apply to width methods only, not to '"
                    + method.jsonName() + "'");
        }
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

    /** The candidate (or narrowed) layers for a model with decoder layers {@code modelLayers}, ascending. */
    public List<Integer> candidates(List<Integer> modelLayers) {
        if (options.candidateLayers() == null) {
            return method.allLayersCandidates() ? List.copyOf(modelLayers) : LayerLocalizer.deeperHalf(modelLayers);
        }
        for (int layer : options.candidateLayers()) {
            if (!modelLayers.contains(layer)) {
                throw new InvalidPruneRequest("options", (method.isWidth() ? "layer " : "candidate layer ") + layer
                        + " is not a decoder layer of the model (layers " + modelLayers.getFirst() + "-"
                        + modelLayers.getLast() + ")");
            }
        }
        return options.candidateLayers().stream().sorted().toList();
    }

    /**
     * Everything that can be checked before any work, for a model of this shape: the candidates or the layer range,
     * the removal count, the width cuts (fractions, GQA divisibility), the evaluator {@code enumerate} needs.
     */
    public PruneScope validate(ModelShape shape) {
        if (method == PruningMethod.ENUMERATE && evaluator == null) {
            throw new IllegalArgumentException("method 'enumerate' needs an evaluator that scores each layer subset");
        }
        List<Integer> layers = shape.layerIds();
        List<Integer> candidates = candidates(layers);
        if (method.isWidth()) {
            return new PruneScope(candidates, 0, WidthBudget.plan(shape, candidates, ratio, gqa(),
                    options.removeHeads()));
        }
        return new PruneScope(candidates, removalCount(layers), null);
    }

    /** {@link #validate}, and the request must change something: what a prune job is for. */
    public PruneScope validateChange(ModelShape shape) {
        PruneScope scope = validate(shape);
        if (scope.changesNothing()) {
            throw new InvalidPruneRequest("ratio", "ratio " + ratio + " removes nothing from this model ("
                    + (method.isWidth() ? "no head or neuron" : "round(" + ratio + " × " + shape.layers().size()
                            + ") = 0 layers") + ")");
        }
        return scope;
    }

    /** round(ratio·L), checked against the candidates. */
    public int removalCount(List<Integer> modelLayers) {
        int n = LayerLocalizer.removalCount(ratio, modelLayers.size());
        List<Integer> candidates = candidates(modelLayers);
        if (n > candidates.size()) {
            throw new InvalidPruneRequest("ratio", "ratio " + ratio + " removes round(" + ratio + " × "
                    + modelLayers.size()
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

    /** The GQA mode of a width method: the option, else {@link #DEFAULT_GQA}. */
    public GqaMode gqa() {
        return options.gqa() != null ? options.gqa() : DEFAULT_GQA;
    }
}
