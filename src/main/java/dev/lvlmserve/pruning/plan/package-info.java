/**
 * What a prune is asked to do and what it did. {@link dev.lvlmserve.pruning.plan.PruneRequest} (method, ratio,
 * calibration size, seed, {@link dev.lvlmserve.pruning.plan.PruneOptions}) is validated before any work starts; the
 * {@link dev.lvlmserve.pruning.plan.PruningPlan} records everything needed to audit and reproduce the result (base
 * model fingerprint, removed layers, per-layer scores, SCP pairs and ranks, calibration hash, seed, timings) and
 * round-trips through JSON with snake_case field names that are part of the exported checkpoint's format
 * ({@code pruning_plan.json}): rename nothing, only add.
 */
package dev.lvlmserve.pruning.plan;
