package dev.lvlmserve.model;

import ai.djl.ndarray.types.DataType;
import dev.lvlmserve.model.llava.LlavaModel;
import java.util.Locale;

/**
 * What gradients through a model need. DJL's dtype cast ({@code NDArray.toType}) runs under libtorch's no-grad
 * guard, so it records nothing for the backward pass; a float16 model casts on every RMSNorm, softmax and the
 * logits (the float32 statistics transformers keeps), so the loss of a float16 forward pass is cut off from the
 * weights. Gradient work (width-taylor importance, training) therefore runs on float32 models only, and says so
 * before it starts instead of failing inside libtorch's backward.
 */
public final class Autograd {
    private Autograd() {}

    /**
     * @param what the work that needs gradients, for the message
     * @throws IllegalArgumentException when the model is not float32
     */
    public static void requireFloat32(LlavaModel model, String what) {
        if (model.dtype() != DataType.FLOAT32) {
            throw new IllegalArgumentException(needsFloat32(what, model.dtype()));
        }
    }

    /** Why {@code what} cannot run on a model computing in {@code dtype}; for refusals made before loading. */
    public static String needsFloat32(String what, DataType dtype) {
        return what + " takes gradients through the model, which works in float32 only (this model is "
                + dtype.name().toLowerCase(Locale.ROOT) + "; DJL's dtype casts, which float16 compute needs for its "
                + "float32 norms, softmax and logits, record no gradient): load it with --dtype float32 "
                + "(lvlm.dtype: float32)";
    }
}
