/**
 * Pruning as passes (DESIGN §4, §8.6): a prune is a list of {@link dev.lvlmserve.pruning.pass.PrunePass}es over one
 * {@link dev.lvlmserve.pruning.pass.PassContext} — the base model, the calibration statistics, the
 * {@link dev.lvlmserve.model.recipe.VariantRecipe} being built and the report draft. Short-LVLM is [layer scores →
 * remove layers → compensate]; a width method is [width importance → slice width]; {@link
 * dev.lvlmserve.pruning.pass.Pipelines} builds and composes them. Statistics are reused across passes (one
 * calibration pass serves the layer scores and SCP's features when they fit), and their memory is independent of
 * the prompt length.
 */
package dev.lvlmserve.pruning.pass;
