package dev.lvlmserve.recovery;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.lvlmserve.model.llama.LayerShape;
import dev.lvlmserve.model.llava.LlavaModel;
import dev.lvlmserve.model.llava.TensorSlice;
import dev.lvlmserve.model.recipe.VariantRecipe;
import java.util.HashMap;
import java.util.Map;

/**
 * Maps tensors trained on a narrowed variant back to its base's coordinates, which is how a recipe stores them
 * (W' = (W + Σ B·A)[rows, cols]): a replacement is the base tensor with the kept rows and columns overwritten, a
 * delta factor is zero outside them (B's rows, A's columns), so deriving the recipe slices out exactly what was
 * trained. Copies in Java arrays: it runs once per recovery, on tensors a layer wide.
 */
final class BaseCoordinates {
    private final LlavaModel base;
    private final Map<String, TensorSlice> slices = new HashMap<>();

    BaseCoordinates(LlavaModel base, VariantRecipe recipe) {
        this.base = base;
        int headDim = base.config().textConfig().headDim();
        Map<Integer, LayerShape> shapes = new HashMap<>();
        base.layerShapes().forEach(s -> shapes.put(s.layerId(), s));
        recipe.widths().forEach((layer, w) -> slices.putAll(TensorSlice.of(shapes.get(layer), w, headDim)));
    }

    /** The base tensor {@code key} with the kept part replaced by {@code trained}. */
    NDArray replacement(String key, NDArray trained, NDManager owner) {
        NDArray b = base.weights().require(key);
        return scatter(trained, b.getShape(), values(b), slice(key), owner, b.getDataType());
    }

    /** LoRA's A (r, in_kept) as (r, in_base): zero in the columns the variant removed. */
    NDArray factorA(String weightKey, NDArray a, NDManager owner) {
        NDArray w = base.weights().require(weightKey);
        Shape s = new Shape(a.getShape().get(0), w.getShape().get(1));
        return scatter(a, s, new float[(int) s.size()], new TensorSlice(null, slice(weightKey).cols()), owner,
                w.getDataType());
    }

    /** LoRA's B (out_kept, r) as (out_base, r): zero in the rows the variant removed. */
    NDArray factorB(String weightKey, NDArray b, NDManager owner) {
        NDArray w = base.weights().require(weightKey);
        Shape s = new Shape(w.getShape().get(0), b.getShape().get(1));
        return scatter(b, s, new float[(int) s.size()], new TensorSlice(slice(weightKey).rows(), null), owner,
                w.getDataType());
    }

    private TensorSlice slice(String key) {
        return slices.getOrDefault(key, new TensorSlice(null, null));
    }

    private static float[] values(NDArray a) {
        try (NDArray f = a.toType(DataType.FLOAT32, true)) {
            return f.toFloatArray();
        }
    }

    private static NDArray scatter(NDArray kept, Shape baseShape, float[] into, TensorSlice slice, NDManager owner,
            DataType dtype) {
        float[] k = values(kept);
        int baseCols = baseShape.dimension() == 2 ? (int) baseShape.get(1) : 1;
        int keptRows = (int) kept.getShape().get(0);
        int keptCols = kept.getShape().dimension() == 2 ? (int) kept.getShape().get(1) : 1;
        for (int i = 0; i < keptRows; i++) {
            int row = slice.rows() == null ? i : (int) slice.rows()[i];
            for (int j = 0; j < keptCols; j++) {
                int col = slice.cols() == null ? j : (int) slice.cols()[j];
                into[row * baseCols + col] = k[i * keptCols + j];
            }
        }
        NDArray out = owner.create(into, baseShape);
        return dtype == DataType.FLOAT32 ? out : out.toType(dtype, false);
    }
}
