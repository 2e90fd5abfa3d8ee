package dev.lvlmserve.model.nn;

import ai.djl.ndarray.NDArray;
import java.util.function.UnaryOperator;

/** The activations of transformers' {@code ACT2FN} that LLaVA models use. */
public final class Activations {
    private Activations() {}

    /** {@code silu}: x · σ(x) (LLaMA's MLP). */
    public static NDArray silu(NDArray x) {
        return x.mul(x.getNDArrayInternal().sigmoid());
    }

    /**
     * {@code silu(gate) · up}, LLaMA's gated MLP product; both operands are temporaries of the forward pass, so the
     * product may be computed into {@code gate} (see {@link InPlace}).
     */
    public static NDArray siluTimes(NDArray gate, NDArray up) {
        NDArray sigmoid = gate.getNDArrayInternal().sigmoid();
        return InPlace.mul(InPlace.mul(gate, sigmoid), up);
    }

    /** {@code gelu}: the exact erf form, as {@code torch.nn.functional.gelu} with approximate='none'. */
    public static NDArray gelu(NDArray x) {
        return x.getNDArrayInternal().gelu();
    }

    /** {@code quick_gelu}: x · σ(1.702 x) (OpenAI CLIP). */
    public static NDArray quickGelu(NDArray x) {
        return x.mul(x.mul(Scalars.of(1.702f, x)).getNDArrayInternal().sigmoid());
    }

    public static UnaryOperator<NDArray> byName(String name) {
        return switch (name) {
            case "silu", "swish" -> Activations::silu;
            case "gelu" -> Activations::gelu;
            case "quick_gelu" -> Activations::quickGelu;
            default -> throw new IllegalArgumentException("unsupported activation '" + name + "'");
        };
    }
}
