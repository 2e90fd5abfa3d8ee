package dev.lvlmserve.pruning.scoring;

import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Layer localization (paper §4.1 last paragraph, §3.2): the layers whose input and output are most similar change
 * the residual stream least and are removed, all at once (one-shot, no re-scoring after each removal).
 */
public final class LayerLocalizer {
    private LayerLocalizer() {}

    /** round(ratio · L) — how many layers a ratio removes from an L-layer decoder (half rounds up). */
    public static int removalCount(double ratio, int totalLayers) {
        return (int) Math.round(ratio * totalLayers);
    }

    /**
     * The deeper half of the decoder (paper §5.1.2: the last 16 of 32 layers in LLaVA-1.5-7B, where redundancy
     * concentrates); for odd L the middle layer is not a candidate.
     */
    public static List<Integer> deeperHalf(List<Integer> layerIds) {
        return List.copyOf(layerIds.subList(layerIds.size() - layerIds.size() / 2, layerIds.size()));
    }

    /**
     * The {@code n} layers with the highest similarity, ascending by id. Ties go to the deeper layer (deeper layers
     * are the more redundant ones, paper §5.1.2), which keeps the choice deterministic.
     */
    public static List<Integer> mostRedundant(Map<Integer, Double> similarity, int n) {
        if (n > similarity.size()) {
            throw new IllegalArgumentException("cannot remove " + n + " layers: only " + similarity.size()
                    + " candidates were scored " + similarity.keySet());
        }
        return similarity.entrySet().stream()
                .sorted(Comparator.comparing((Map.Entry<Integer, Double> e) -> e.getValue())
                        .thenComparing(Map.Entry::getKey)
                        .reversed())
                .limit(n)
                .map(Map.Entry::getKey)
                .sorted()
                .toList();
    }
}
