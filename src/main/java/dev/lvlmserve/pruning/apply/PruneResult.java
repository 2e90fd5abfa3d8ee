package dev.lvlmserve.pruning.apply;

import dev.lvlmserve.model.llava.LlavaModel;
import dev.lvlmserve.model.recipe.RecipeTensors;
import dev.lvlmserve.model.recipe.VariantRecipe;
import dev.lvlmserve.pruning.plan.PruningPlan;

/**
 * A prune's output: the recipe (with the report inside it), the report as a typed record, the tensors the recipe
 * names and the variant derived from them. The variant shares the base model's tensors, owns the recipe tensors, and
 * must be closed before the base; {@code base.derive(recipe, tensors)} rebuilds the same variant.
 */
public record PruneResult(VariantRecipe recipe, PruningPlan report, RecipeTensors tensors, LlavaModel variant)
        implements AutoCloseable {

    /** Closes the variant (its own tensors and the recipe's; the base model is untouched). */
    @Override
    public void close() {
        variant.close();
    }
}
