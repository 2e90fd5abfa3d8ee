package dev.lvlmserve.pruning.plan;

import java.util.List;

/**
 * What a validated request will change in a given model: for a layer method the candidates and how many layers go,
 * for a width method the narrowed layers and their cuts.
 *
 * @param candidates layers the method may change (removal candidates, or the narrowed layers)
 * @param layersToRemove round(ratio · L) for a layer method; 0 for a width method
 * @param width the width cuts; null for a layer method
 */
public record PruneScope(List<Integer> candidates, int layersToRemove, WidthBudget width) {
    public PruneScope {
        candidates = List.copyOf(candidates);
    }

    /** True when the request leaves the model as it is (ratio 0, or a ratio too small for one layer or neuron). */
    public boolean changesNothing() {
        return width == null ? layersToRemove == 0 : width.removesNothing();
    }
}
