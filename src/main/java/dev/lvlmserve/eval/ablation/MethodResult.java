package dev.lvlmserve.eval.ablation;

import java.util.List;
import java.util.Map;

/**
 * One (ratio, method) cell of the ablation: the average headline metric over suites (for random: the mean over
 * seeds, with the standard deviation), per-suite scores, the layers removed, and the prune's wall time.
 */
public record MethodResult(
        double ratio,
        String method,
        double average,
        double spread,
        Map<String, Double> perSuite,
        List<List<Integer>> removedLayers,
        double pruneSeconds) {}
