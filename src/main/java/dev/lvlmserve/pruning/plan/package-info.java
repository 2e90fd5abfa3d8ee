/**
 * What a prune is asked to do and what it found. {@link dev.lvlmserve.pruning.plan.PruningMethod} is the one registry
 * of methods (layer and width families, their defaults, whether prune jobs offer them);
 * {@link dev.lvlmserve.pruning.plan.PruneRequest} (method, ratio, calibration size, seed,
 * {@link dev.lvlmserve.pruning.plan.PruneOptions}) is validated in one place, before any work starts, against a
 * {@link dev.lvlmserve.pruning.plan.ModelShape} ({@link dev.lvlmserve.pruning.plan.WidthBudget} turns a width
 * method's ratio into heads and neurons per layer). The {@link dev.lvlmserve.pruning.plan.PruningPlan} is the report
 * attached to the recipe: everything needed to audit and reproduce the result (per-layer scores, SCP pairs and ranks,
 * width cuts, parameters, calibration hash, seed, timings); its snake_case field names are part of the recipe's
 * format: rename nothing, only add.
 */
package dev.lvlmserve.pruning.plan;
