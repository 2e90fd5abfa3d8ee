package dev.lvlmserve.model.llama;

/**
 * The widths of one decoder layer, read from its weights: query heads ({@code q_proj} rows ÷ head_dim), key/value
 * heads ({@code k_proj} rows ÷ head_dim) and MLP neurons ({@code gate_proj} rows). A base model's layers all have the
 * config's widths; a widthwise-pruned variant's may differ layer by layer.
 *
 * @param layerId the layer's checkpoint id in the base
 */
public record LayerShape(int layerId, int heads, int kvHeads, int intermediate) {
    public LayerShape {
        if (heads < 1 || kvHeads < 1 || intermediate < 1 || heads % kvHeads != 0) {
            throw new IllegalArgumentException("layer " + layerId + ": " + heads + " query heads over " + kvHeads
                    + " key/value heads and " + intermediate + " MLP neurons is not a valid decoder layer");
        }
    }

    /** Query heads per key/value head. */
    public int groupSize() {
        return heads / kvHeads;
    }

    /** Whether two layers have the same widths (whatever their ids). */
    public boolean sameWidths(LayerShape o) {
        return heads == o.heads && kvHeads == o.kvHeads && intermediate == o.intermediate;
    }
}
