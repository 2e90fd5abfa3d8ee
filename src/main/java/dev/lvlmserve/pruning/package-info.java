/**
 * Pruning of LLaVA models: training-free layer pruning with Short-LVLM (paper: {@code papers/short-lvlm.txt}; spec:
 * DESIGN §3) and its baselines, and widthwise pruning of heads and MLP neurons (the structural-pruning study, DESIGN
 * §4). A prune is a list of passes — (model, calibration statistics) → edits of one {@link
 * dev.lvlmserve.model.recipe.VariantRecipe} — and never a flag inside the model classes (DESIGN §8.6).
 *
 * <ul>
 *   <li>{@code calibration}: samples, one observed forward per sample, streaming statistics (memory O(N·D) per
 *       captured layer, independent of the prompt length T);
 *   <li>{@code scoring}: Token Importance Scores (paper §4.1), per-token cosine similarity, layer localization and
 *       the baseline selectors (last-n, random, enumeration);
 *   <li>{@code compensation}: Subspace-Compensated Pruning (paper §4.2): nearest-retained pairing, SVD of the
 *       feature-gap matrix in float64 (EJML), the rank-k delta {@code P·W − W = V_k(V_kᵀW)};
 *   <li>{@code width}: head and neuron importance (Taylor, activation magnitude, random) and their selection;
 *   <li>{@code plan}: the request, the one registry of methods, validation, and the {@code PruningPlan} report;
 *   <li>{@code pass}: the passes, their shared context and the pipelines of each method;
 *   <li>{@code apply}: the engine that runs a prune and the checkpoint exporter.
 * </ul>
 *
 * <p>Layer ids are always checkpoint ids of the base model (0..L−1), never positions in a pruned variant. This
 * package is plain Java + DJL + EJML: it must not import Spring (checked by {@code PruningArchitectureTest}).
 */
package dev.lvlmserve.pruning;
