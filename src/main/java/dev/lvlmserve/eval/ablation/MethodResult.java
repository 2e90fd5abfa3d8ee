package dev.lvlmserve.eval.ablation;

import java.util.List;
import java.util.Map;

/**
 * One (ratio, method) cell of the ablation: the average headline metric over suites (for the random methods: the
 * mean over seeds, with the standard deviation), per-suite scores, the layers removed, the fraction of decoder-layer
 * parameters actually removed (the request's ratio, to rounding), and the prune's wall time.
 */
public record MethodResult(
        double ratio,
        String method,
        double average,
        double spread,
        Map<String, Double> perSuite,
        List<List<Integer>> removedLayers,
        double parametersRemoved,
        double pruneSeconds) {
    /** The same result under another label (option rows). */
    MethodResult labelled(String label) {
        return new MethodResult(ratio, label, average, spread, perSuite, removedLayers, parametersRemoved,
                pruneSeconds);
    }
}
