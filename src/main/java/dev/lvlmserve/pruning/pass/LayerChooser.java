package dev.lvlmserve.pruning.pass;

import dev.lvlmserve.pruning.ProgressListener;
import dev.lvlmserve.pruning.calibration.CalibrationStats;
import dev.lvlmserve.pruning.plan.LayerScore;
import dev.lvlmserve.pruning.plan.PruneRequest;
import dev.lvlmserve.pruning.scoring.BaselineSelectors;
import dev.lvlmserve.pruning.scoring.Enumeration;
import dev.lvlmserve.pruning.scoring.LayerLocalizer;
import dev.lvlmserve.pruning.scoring.TokenSelection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/** Picks the layers to remove for a request's method: by calibration cosine, or by a score-free baseline. */
final class LayerChooser {
    private LayerChooser() {}

    record Choice(List<Integer> removed, TokenSelection scoredBy, List<LayerScore> scores,
            Map<String, Double> metrics) {}

    /**
     * @param stats calibration statistics over the candidates; null for methods that do not score (or n = 0)
     */
    static Choice choose(PruneRequest request, List<Integer> candidates, int n, CalibrationStats stats,
            ProgressListener progress, BooleanSupplier cancelled) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        if (n == 0) {
            return new Choice(List.of(), null, List.of(), metrics);
        }
        if (request.method().scores()) {
            TokenSelection by = request.method().selection(request.options().tokens());
            Map<Integer, Double> similarity = stats.similarity(by);
            for (int layer : candidates) {
                if (!similarity.containsKey(layer)) {
                    throw new IllegalArgumentException("cannot score layer " + layer + " by '" + by.jsonName()
                            + "' tokens: no calibration sample has any (e.g. no image for 'visual')");
                }
            }
            return new Choice(LayerLocalizer.mostRedundant(similarity, n), by, scores(candidates, stats, similarity),
                    metrics);
        }
        List<Integer> removed = switch (request.method()) {
            case LAST_N -> BaselineSelectors.lastN(candidates, n);
            case RANDOM -> BaselineSelectors.random(candidates, n, request.seed());
            case ENUMERATE -> {
                Enumeration.Result r = Enumeration.best(candidates, n, request.options().enumerationCap(),
                        request.evaluator(), progress, cancelled);
                metrics.put("enumerate.best_score", r.score());
                metrics.put("enumerate.evaluated", (double) r.evaluated());
                yield r.removed();
            }
            default -> throw new IllegalStateException("method " + request.method() + " has no selector");
        };
        return new Choice(removed, null, List.of(), metrics);
    }

    private static List<LayerScore> scores(List<Integer> candidates, CalibrationStats stats,
            Map<Integer, Double> ranked) {
        List<LayerScore> out = new ArrayList<>();
        for (int layer : candidates) {
            Map<String, Double> all = new LinkedHashMap<>();
            for (TokenSelection s : TokenSelection.values()) {
                double v = stats.layers().get(layer).meanCosine(s);
                if (!Double.isNaN(v)) {
                    all.put(s.jsonName(), v);
                }
            }
            out.add(new LayerScore(layer, ranked.get(layer), all));
        }
        return out;
    }
}
