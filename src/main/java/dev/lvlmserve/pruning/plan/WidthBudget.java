package dev.lvlmserve.pruning.plan;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.lvlmserve.model.llama.LayerShape;
import java.util.ArrayList;
import java.util.List;

/**
 * How many heads and neurons a width method removes from each narrowed layer so that the decoder loses the request's
 * ratio of its layer parameters — the same meaning as for layer methods. Every narrowed layer loses the same
 * fraction f = ratio · P(decoder) / P(narrowed layers) of its parameters: its heads at f (rounded to whole
 * key/value groups, or to the same count in every group, as {@link GqaMode} says), and its neurons make up the rest
 * (to within one neuron), so the heads' coarse granularity never changes the parameter count.
 *
 * @param fraction f, the share of each narrowed layer's parameters removed
 * @param removedParameters decoder parameters removed in all
 */
public record WidthBudget(
        @JsonProperty("gqa") GqaMode mode,
        @JsonProperty("fraction") double fraction,
        @JsonProperty("layers") List<LayerCut> cuts,
        @JsonProperty("removed_parameters") long removedParameters) {

    /**
     * One narrowed layer's cut.
     *
     * @param removeKvHeads whole key/value groups removed (with all their query heads); {@code groups} mode
     * @param removeHeadsPerGroup query heads removed inside every group; {@code heads} mode
     */
    public record LayerCut(
            @JsonProperty("layer") int layer,
            @JsonProperty("remove_kv_heads") int removeKvHeads,
            @JsonProperty("remove_heads_per_group") int removeHeadsPerGroup,
            @JsonProperty("remove_neurons") int removeNeurons) {
        public boolean removesNothing() {
            return removeKvHeads == 0 && removeHeadsPerGroup == 0 && removeNeurons == 0;
        }
    }

    public WidthBudget {
        cuts = List.copyOf(cuts);
    }

    public boolean removesNothing() {
        return cuts.stream().allMatch(LayerCut::removesNothing);
    }

    /**
     * @param targets the narrowed layers (ids of {@code shape})
     * @param removeHeads query heads per layer to remove instead of the ratio's share, or null
     * @throws IllegalArgumentException when the layers cannot lose that much, or the heads do not divide evenly
     */
    public static WidthBudget plan(ModelShape shape, List<Integer> targets, double ratio, GqaMode mode,
            Integer removeHeads) {
        long decoder = shape.decoderParameters();
        long narrowed = targets.stream().mapToLong(id -> shape.layerParameters(shape.layer(id))).sum();
        double f = ratio * decoder / narrowed;
        if (f >= 1) {
            throw new InvalidPruneRequest("ratio", String.format(java.util.Locale.ROOT, "ratio %s of the decoder's "
                    + "parameters over layers %s would remove a fraction %.3f ≥ 1 of each of those layers; widen the "
                    + "layer range or lower the ratio", ratio, targets, f));
        }
        List<LayerCut> cuts = new ArrayList<>();
        long removed = 0;
        for (int id : targets) {
            LayerShape s = shape.layer(id);
            LayerCut cut = cut(shape, s, f, mode, removeHeads);
            removed += shape.layerParameters(s) - shape.layerParameters(after(s, cut));
            cuts.add(cut);
        }
        return new WidthBudget(mode, f, cuts, removed);
    }

    private static LayerCut cut(ModelShape shape, LayerShape s, double f, GqaMode mode, Integer removeHeads) {
        int group = s.groupSize();
        int kv = 0;
        int perGroup = 0;
        String where = "layer " + s.layerId() + " (" + s.heads() + " query heads over " + s.kvHeads()
                + " key/value heads): ";
        if (mode == GqaMode.GROUPS) {
            if (removeHeads != null && removeHeads % group != 0) {
                throw new InvalidPruneRequest("options", where + "remove_heads " + removeHeads
                        + " is not a multiple of the " + group + " query heads of a key/value group (gqa=groups)");
            }
            kv = removeHeads != null ? removeHeads / group : (int) Math.round(f * s.kvHeads());
            if (kv >= s.kvHeads()) {
                throw new InvalidPruneRequest("ratio", where + "removing " + kv + " key/value groups leaves none; use "
                        + "gqa=heads or a lower ratio");
            }
        } else {
            if (removeHeads != null && removeHeads % s.kvHeads() != 0) {
                throw new InvalidPruneRequest("options", where + "remove_heads " + removeHeads
                        + " does not divide evenly over the " + s.kvHeads() + " key/value groups (gqa=heads)");
            }
            perGroup = removeHeads != null ? removeHeads / s.kvHeads() : (int) Math.round(f * group);
            if (perGroup >= group) {
                throw new InvalidPruneRequest("ratio", where + "removing " + perGroup + " of the " + group
                        + " query heads of every group leaves none; use gqa=groups or a lower ratio");
            }
        }
        LayerShape narrower = after(s, new LayerCut(s.layerId(), kv, perGroup, 0));
        double target = f * shape.layerParameters(s);
        double left = target - (shape.layerParameters(s) - shape.layerParameters(narrower));
        int neurons = (int) Math.max(0, Math.min(s.intermediate() - 1, Math.round(left / shape.neuronParameters())));
        return new LayerCut(s.layerId(), kv, perGroup, neurons);
    }

    /** The widths a cut leaves. */
    public static LayerShape after(LayerShape s, LayerCut c) {
        int kv = s.kvHeads() - c.removeKvHeads();
        int heads = kv * (s.groupSize() - c.removeHeadsPerGroup());
        return new LayerShape(s.layerId(), heads, kv, s.intermediate() - c.removeNeurons());
    }
}
