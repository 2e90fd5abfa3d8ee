package dev.lvlmserve.model.recipe;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.lvlmserve.model.llama.LayerShape;
import java.util.List;

/**
 * What one decoder layer keeps of its base widths, as ascending indices into the base layer; null keeps all.
 * Under grouped-query attention every kept key/value head keeps the same number (≥ 1) of its own query heads, and no
 * query head of a removed key/value head is kept, so {@code repeat_kv} still pairs each query head with its group.
 *
 * @param heads kept query heads ({@code q_proj} row blocks, {@code o_proj} column blocks)
 * @param kvHeads kept key/value heads ({@code k_proj}, {@code v_proj} row blocks)
 * @param neurons kept MLP neurons ({@code gate_proj}, {@code up_proj} rows, {@code down_proj} columns)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LayerWidth(
        @JsonProperty("heads") List<Integer> heads,
        @JsonProperty("kv_heads") List<Integer> kvHeads,
        @JsonProperty("neurons") List<Integer> neurons) {
    public LayerWidth {
        heads = heads == null ? null : List.copyOf(heads);
        kvHeads = kvHeads == null ? null : List.copyOf(kvHeads);
        neurons = neurons == null ? null : List.copyOf(neurons);
    }

    /**
     * The widths this leaves of {@code base}.
     *
     * @throws IllegalArgumentException when an index list is empty, unsorted, repeats or leaves the base's range, or
     *     the kept heads break the grouping
     */
    public LayerShape apply(LayerShape base) {
        String where = "layer " + base.layerId() + ": ";
        check(where + "heads", heads, base.heads());
        check(where + "kv_heads", kvHeads, base.kvHeads());
        check(where + "neurons", neurons, base.intermediate());
        List<Integer> kv = kvHeads != null ? kvHeads : range(base.kvHeads());
        List<Integer> q = heads != null ? heads : range(base.heads());
        int group = base.groupSize();
        int[] perGroup = new int[base.kvHeads()];
        for (int h : q) {
            if (!kv.contains(h / group)) {
                throw new IllegalArgumentException(where + "query head " + h + " is kept but its key/value head "
                        + h / group + " is removed");
            }
            perGroup[h / group]++;
        }
        int m = perGroup[kv.getFirst()];
        for (int g : kv) {
            if (perGroup[g] != m) {
                throw new IllegalArgumentException(where + "every key/value head must keep the same number of query "
                        + "heads under grouped-query attention (group " + kv.getFirst() + " keeps " + m + ", group " + g
                        + " keeps " + perGroup[g] + ")");
            }
        }
        return new LayerShape(base.layerId(), q.size(), kv.size(), neurons != null ? neurons.size()
                : base.intermediate());
    }

    private static void check(String what, List<Integer> kept, int size) {
        if (kept == null) {
            return;
        }
        if (kept.isEmpty()) {
            throw new IllegalArgumentException(what + " keeps nothing: at least one must stay");
        }
        for (int i = 0; i < kept.size(); i++) {
            int v = kept.get(i);
            if (v < 0 || v >= size || (i > 0 && v <= kept.get(i - 1))) {
                throw new IllegalArgumentException(what + " must be ascending distinct indices in [0, " + size
                        + "), was " + kept);
            }
        }
    }

    private static List<Integer> range(int n) {
        return java.util.stream.IntStream.range(0, n).boxed().toList();
    }
}
