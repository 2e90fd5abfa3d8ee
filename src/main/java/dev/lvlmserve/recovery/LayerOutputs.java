package dev.lvlmserve.recovery;

import ai.djl.ndarray.NDArray;
import dev.lvlmserve.model.generate.ForwardObserver;
import dev.lvlmserve.model.generate.ObserverSite;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Keeps the (B, T, D) outputs of some decoder layers from one forward pass, in the graph, for hidden-state
 * distillation at matched layers; they belong to the step's scope and die with it.
 */
final class LayerOutputs implements ForwardObserver {
    private final Set<Integer> layers;
    private final Map<Integer, NDArray> outputs = new HashMap<>();

    /** @param layers layer ids as the observed model numbers them */
    LayerOutputs(Set<Integer> layers) {
        this.layers = Set.copyOf(layers);
    }

    @Override
    public Set<ObserverSite> sites() {
        return layers.isEmpty() ? Set.of() : Set.of(ObserverSite.LAYER_OUTPUT);
    }

    @Override
    public void observe(ObserverSite site, int layer, NDArray value) {
        if (layers.contains(layer)) {
            outputs.put(layer, value);
        }
    }

    NDArray get(int layer) {
        NDArray out = outputs.get(layer);
        if (out == null) {
            throw new IllegalStateException("layer " + layer + " did not run");
        }
        return out;
    }
}
