/**
 * Pruning methods as prune-job builders: {@link dev.lvlmserve.serving.methods.EngineVariantBuilder} runs every method
 * the pruning registry serves — Short-LVLM and its baselines, last-n, and the width methods — through the pruning
 * engine.
 */
package dev.lvlmserve.serving.methods;
