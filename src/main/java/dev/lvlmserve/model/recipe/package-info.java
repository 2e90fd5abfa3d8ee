/**
 * The one description of a variant (DESIGN §4): a {@link dev.lvlmserve.model.recipe.VariantRecipe} names its base
 * (id + fingerprint), the decoder layers it removes, the attention heads, key/value heads and MLP neurons it keeps
 * per layer (indices into the base), the low-rank deltas it adds to base tensors (ΔW = scale · B·A, PEFT's LoRA
 * layout, which carries SCP's P·W = W + V_k(V_kᵀW) as well as LoRA adapters) and the full replacements where no
 * delta fits; the tensors themselves travel beside it in {@link dev.lvlmserve.model.recipe.RecipeTensors}.
 * {@code LlavaModel.derive(recipe, tensors)} turns the pair into a model. How the recipe was found is its
 * {@code report}, opaque here (the pruning package writes it).
 *
 * <p>Layer ids and head/neuron indices are always the base's. Semantics of a derived tensor: deltas apply to the
 * base tensor (or its replacement) in base coordinates, then the kept rows and columns are taken:
 * W' = (W + Σ scale·B·A)[rows, cols].
 */
package dev.lvlmserve.model.recipe;
