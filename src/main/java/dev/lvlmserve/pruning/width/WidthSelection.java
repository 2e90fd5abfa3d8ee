package dev.lvlmserve.pruning.width;

import dev.lvlmserve.model.llama.LayerShape;
import dev.lvlmserve.model.recipe.LayerWidth;
import dev.lvlmserve.pruning.plan.GqaMode;
import dev.lvlmserve.pruning.plan.ModelShape;
import dev.lvlmserve.pruning.plan.WidthBudget;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.IntToDoubleFunction;
import java.util.stream.IntStream;

/**
 * Which units each narrowed layer keeps: the budget's counts of the lowest-scoring units go (on equal scores the later
 * index goes first, so the choice is deterministic). {@code groups} ranks whole key/value groups by their group score;
 * {@code heads} removes the same number of query heads from every group, each group ranking its own heads.
 */
public final class WidthSelection {
    private WidthSelection() {}

    public static Map<Integer, LayerWidth> select(ModelShape shape, WidthBudget budget,
            Map<Integer, UnitScores> scores) {
        Map<Integer, LayerWidth> out = new LinkedHashMap<>();
        for (WidthBudget.LayerCut cut : budget.cuts()) {
            if (cut.removesNothing()) {
                continue;
            }
            LayerShape s = shape.layer(cut.layer());
            UnitScores u = scores.get(cut.layer());
            if (u == null) {
                throw new IllegalStateException("layer " + cut.layer() + " was not scored");
            }
            List<Integer> heads = null;
            List<Integer> kv = null;
            int group = s.groupSize();
            if (budget.mode() == GqaMode.GROUPS && cut.removeKvHeads() > 0) {
                kv = keep(IntStream.range(0, s.kvHeads()).boxed().toList(), g -> u.group(g, group),
                        cut.removeKvHeads());
                heads = kv.stream().flatMap(g -> IntStream.range(g * group, (g + 1) * group).boxed()).toList();
            } else if (budget.mode() == GqaMode.HEADS && cut.removeHeadsPerGroup() > 0) {
                List<Integer> kept = new ArrayList<>();
                for (int g = 0; g < s.kvHeads(); g++) {
                    kept.addAll(keep(IntStream.range(g * group, (g + 1) * group).boxed().toList(), h -> u.heads()[h],
                            cut.removeHeadsPerGroup()));
                }
                heads = kept;
            }
            List<Integer> neurons = cut.removeNeurons() == 0 ? null : keep(
                    IntStream.range(0, s.intermediate()).boxed().toList(), i -> u.neurons()[i], cut.removeNeurons());
            out.put(cut.layer(), new LayerWidth(heads, kv, neurons));
        }
        return out;
    }

    /** {@code units} without the {@code remove} lowest by {@code score}, ascending. */
    static List<Integer> keep(List<Integer> units, IntToDoubleFunction score, int remove) {
        List<Integer> order = new ArrayList<>(units);
        order.sort(Comparator.<Integer>comparingDouble(score::applyAsDouble)
                .thenComparing(Comparator.<Integer>reverseOrder()));
        TreeSet<Integer> kept = new TreeSet<>(units);
        order.subList(0, remove).forEach(kept::remove);
        return List.copyOf(kept);
    }
}
