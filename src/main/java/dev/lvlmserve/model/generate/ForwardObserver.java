package dev.lvlmserve.model.generate;

import ai.djl.ndarray.NDArray;
import java.util.Set;

/**
 * The one typed hook into a forward pass. The model calls {@link #observe} only for the sites in {@link #sites()},
 * and computes attention probabilities only when {@link ObserverSite#ATTENTION_PROBS} is among them, so the
 * {@link #NONE} observer costs nothing. The tensor belongs to the forward pass: reduce it to Java numbers (or copy
 * it) inside the callback; never keep the reference.
 */
public interface ForwardObserver {
    ForwardObserver NONE = new ForwardObserver() {
        @Override
        public Set<ObserverSite> sites() {
            return Set.of();
        }

        @Override
        public void observe(ObserverSite site, int layer, NDArray value) {}
    };

    Set<ObserverSite> sites();

    /**
     * @param layer the decoder layer's index in the ORIGINAL (unpruned) numbering, or -1 for vision sites
     */
    void observe(ObserverSite site, int layer, NDArray value);

    default boolean wants(ObserverSite site) {
        return sites().contains(site);
    }
}
