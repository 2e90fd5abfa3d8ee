/**
 * The paper's ablation on the built-in benchmark: every method × ratio from one base and one calibration draw, the
 * option study, speed against the FLOP-proportional ideal, and the markdown/JSON/PNG report.
 */
package dev.lvlmserve.eval.ablation;
