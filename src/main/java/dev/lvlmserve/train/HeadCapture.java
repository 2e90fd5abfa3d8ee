package dev.lvlmserve.train;

import ai.djl.ndarray.NDArray;
import dev.lvlmserve.model.generate.ForwardObserver;
import dev.lvlmserve.model.generate.ObserverSite;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Keeps, from one forward pass, the per-head attention probabilities of some layers and the outputs of others — in
 * the graph, for the supervision losses and probes of the same step (or for {@link TrainingDiagnosis}); they belong
 * to the caller's scope and are dropped with it.
 */
final class HeadCapture implements ForwardObserver {
    private final Set<Integer> probLayers;
    private final Set<Integer> stateLayers;
    private final Map<Integer, NDArray> probs = new HashMap<>();
    private final Map<Integer, NDArray> states = new HashMap<>();

    /**
     * @param probLayers layers whose (B, H, T, S) attention probabilities are kept
     * @param stateLayers layers whose (B, T, D) outputs are kept
     */
    HeadCapture(Set<Integer> probLayers, Set<Integer> stateLayers) {
        this.probLayers = probLayers;
        this.stateLayers = stateLayers;
    }

    @Override
    public Set<ObserverSite> sites() {
        return stateLayers.isEmpty() ? Set.of(ObserverSite.ATTENTION_HEAD_PROBS)
                : Set.of(ObserverSite.ATTENTION_HEAD_PROBS, ObserverSite.LAYER_OUTPUT);
    }

    @Override
    public void observe(ObserverSite site, int layer, NDArray value) {
        if (site == ObserverSite.LAYER_OUTPUT) {
            if (stateLayers.contains(layer)) {
                states.put(layer, value);
            }
        } else if (probLayers.contains(layer)) {
            probs.put(layer, value);
        }
    }

    NDArray probs(int layer) {
        return probs.get(layer);
    }

    NDArray state(int layer) {
        return states.get(layer);
    }
}
