/**
 * Pruning methods as prune-job builders: each calibrated method of the pruning engine (Short-LVLM and its
 * baselines) is one {@link dev.lvlmserve.serving.jobs.VariantBuilder} bean.
 */
package dev.lvlmserve.serving.methods;
