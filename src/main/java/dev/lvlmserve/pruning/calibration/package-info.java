/**
 * Calibration: the samples a prune looks at and what it records while the model reads them (DESIGN §3
 * "Calibration"). {@link dev.lvlmserve.pruning.calibration.Calibrator} runs one forward per sample (batch size 1, so
 * no padding can leak into attention or pooling) with an observer that reduces every tensor inside the callback:
 *
 * <ul>
 *   <li>per scored layer: the mean input/output cosine over each {@link
 *       dev.lvlmserve.pruning.scoring.TokenSelection}, accumulated as running sums — O(1) per layer;
 *   <li>per {@link dev.lvlmserve.pruning.calibration.FeatureKey}: one row of D floats per sample (a token-mean of the
 *       layer's output) or a fixed number of token rows (stacked) — O(N·D) per captured layer, never O(N·T·D).
 * </ul>
 *
 * Hidden states are the pre-norm layer outputs ({@code ObserverSite.LAYER_OUTPUT}); attention is the eager path's
 * probabilities averaged over heads, (1, T, T).
 */
package dev.lvlmserve.pruning.calibration;
