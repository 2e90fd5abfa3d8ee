package dev.lvlmserve.model.generate;

/** The named places in a forward pass where a {@link ForwardObserver} can look. */
public enum ObserverSite {
    /** A decoder layer's input hidden state (B, T, D). */
    LAYER_INPUT,
    /** A decoder layer's output hidden state (B, T, D), before the final norm (unlike HF's last hidden_states). */
    LAYER_OUTPUT,
    /** A decoder layer's attention probabilities averaged over heads (B, T, S); computed only when observed. */
    ATTENTION_PROBS,
    /** A decoder layer's attention probabilities per head (B, H, T, S); computed only when observed (training). */
    ATTENTION_HEAD_PROBS,
    /** A decoder layer's merged head outputs, the input of {@code o_proj} (B, T, H·hd). */
    ATTENTION_OUTPUT,
    /** A decoder layer's SwiGLU activations, the input of {@code down_proj} (B, T, I). */
    MLP_ACTIVATION,
    /** Selected vision-tower features before the projector (B, N, Dv); layer = -1. */
    VISION_FEATURES,
    /** Projector output, the image positions' embeddings (B, N, D); layer = -1. */
    PROJECTOR_OUTPUT
}
