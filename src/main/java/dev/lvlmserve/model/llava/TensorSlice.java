package dev.lvlmserve.model.llava;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import dev.lvlmserve.model.llama.LayerShape;
import dev.lvlmserve.model.llama.LlamaModel;
import dev.lvlmserve.model.recipe.LayerWidth;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The kept rows and columns of one tensor (null: all), in the base tensor's coordinates. Slicing gathers into a new,
 * contiguous tensor; whoever maps a narrowed tensor back onto its base (the recovery engine, storing what it trained
 * as a recipe) reads the same indices.
 *
 * @param rows indices along dim 0 (output features; a bias's only dim)
 * @param cols indices along dim 1 (input features)
 */
public record TensorSlice(long[] rows, long[] cols) {
    NDArray apply(NDArray w) {
        NDArray x = w;
        if (rows != null) {
            x = x.get(w.getManager().create(rows));
        }
        if (cols != null) {
            x = x.get(new NDIndex(":, {}", w.getManager().create(cols)));
        }
        return x;
    }

    /**
     * Every tensor of decoder layer {@code base.layerId()} that {@code width} narrows, by canonical key: q/k/v rows
     * (and biases) per kept head, {@code o_proj} columns, gate/up rows (and biases), {@code down_proj} columns.
     */
    public static Map<String, TensorSlice> of(LayerShape base, LayerWidth width, int headDim) {
        String p = LlamaModel.PREFIX + ".layers." + base.layerId() + ".";
        Map<String, TensorSlice> out = new HashMap<>();
        if (width.heads() != null) {
            long[] q = blocks(width.heads(), headDim);
            rowsOf(out, p + "self_attn.q_proj", q);
            out.put(p + "self_attn.o_proj.weight", new TensorSlice(null, q));
        }
        if (width.kvHeads() != null) {
            long[] kv = blocks(width.kvHeads(), headDim);
            rowsOf(out, p + "self_attn.k_proj", kv);
            rowsOf(out, p + "self_attn.v_proj", kv);
        }
        if (width.neurons() != null) {
            long[] n = width.neurons().stream().mapToLong(Integer::longValue).toArray();
            rowsOf(out, p + "mlp.gate_proj", n);
            rowsOf(out, p + "mlp.up_proj", n);
            out.put(p + "mlp.down_proj.weight", new TensorSlice(null, n));
        }
        return out;
    }

    private static void rowsOf(Map<String, TensorSlice> out, String module, long[] rows) {
        out.put(module + ".weight", new TensorSlice(rows, null));
        out.put(module + ".bias", new TensorSlice(rows, null)); // used only where the layer has biases
    }

    /** Head indices → their rows: head h owns rows [h·hd, (h+1)·hd). */
    private static long[] blocks(List<Integer> heads, int headDim) {
        return heads.stream().flatMapToLong(h -> IntStream.range(h * headDim, (h + 1) * headDim).asLongStream())
                .toArray();
    }
}
