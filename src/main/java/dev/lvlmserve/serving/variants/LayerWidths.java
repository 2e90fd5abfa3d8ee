package dev.lvlmserve.serving.variants;

import dev.lvlmserve.model.llama.LayerShape;
import dev.lvlmserve.model.llama.LlamaModel;
import dev.lvlmserve.model.recipe.LayerWidth;
import dev.lvlmserve.model.recipe.LowRankDelta;
import dev.lvlmserve.model.recipe.VariantRecipe;
import dev.lvlmserve.pruning.plan.ModelShape;
import java.util.ArrayList;
import java.util.List;

/** The retained layers of a recipe with their widths, read from the recipe and the base's shapes (no tensors). */
final class LayerWidths {
    private LayerWidths() {}

    static List<VariantView.LayerView> of(VariantRecipe recipe, ModelShape base) {
        List<VariantView.LayerView> out = new ArrayList<>();
        for (LayerShape s : base.layers()) {
            if (recipe.removedLayers().contains(s.layerId())) {
                continue;
            }
            LayerWidth w = recipe.widths().get(s.layerId());
            LayerShape kept = w == null ? s : w.apply(s);
            String prefix = LlamaModel.PREFIX + ".layers." + s.layerId() + ".";
            int rank = recipe.deltas().stream().filter(d -> d.target().startsWith(prefix))
                    .mapToInt(LowRankDelta::rank).sum();
            out.add(new VariantView.LayerView(s.layerId(), kept.heads(), kept.kvHeads(), kept.intermediate(), rank));
        }
        return out;
    }
}
