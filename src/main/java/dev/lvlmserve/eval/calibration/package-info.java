/**
 * Calibration sources for the pruning engine: the built-in benchmark's TRAIN split and a user's LLaVA-665k JSONL.
 */
package dev.lvlmserve.eval.calibration;
