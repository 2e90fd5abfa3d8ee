package dev.lvlmserve.serving.jobs;

import dev.lvlmserve.model.llava.LlavaModel;
import dev.lvlmserve.model.recipe.RecipeTensors;
import dev.lvlmserve.model.recipe.VariantRecipe;
import java.util.Objects;

/**
 * What a {@link VariantBuilder} produces: the model (sharing every untouched tensor with the base and owning the
 * recipe's tensors), its recipe (report inside) and those tensors, for persistence. Whoever receives it closes the
 * model (the registry, once it is persisted).
 */
public record BuiltVariant(LlavaModel model, VariantRecipe recipe, RecipeTensors tensors) {
    public BuiltVariant {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(recipe, "recipe");
        tensors = tensors == null ? RecipeTensors.none() : tensors;
    }
}
