/**
 * Training-free layer pruning of LLaVA models with Short-LVLM (paper: {@code papers/short-lvlm.txt}; spec:
 * DESIGN §3). A prune is a pass — (model, calibration statistics) → new model + {@link
 * dev.lvlmserve.pruning.plan.PruningPlan} — and never a flag inside the model classes (DESIGN §8.6).
 *
 * <ul>
 *   <li>{@code calibration}: samples, one observed forward per sample, streaming statistics (memory O(N·D) per
 *       captured layer, independent of the prompt length T);
 *   <li>{@code scoring}: Token Importance Scores (paper §4.1), per-token cosine similarity, layer localization and
 *       the baseline selectors (last-n, random, enumeration);
 *   <li>{@code compensation}: Subspace-Compensated Pruning (paper §4.2): nearest-retained pairing, SVD of the
 *       feature-gap matrix in float64 (EJML), the weight edit {@code P = I + V_k V_kᵀ};
 *   <li>{@code plan}: the request, the methods and the JSON {@code PruningPlan};
 *   <li>{@code apply}: the engine that runs a prune, the plan applier and the checkpoint exporter.
 * </ul>
 *
 * <p>Layer ids are always checkpoint ids of the base model (0..L−1), never positions in a pruned variant. This
 * package is plain Java + DJL + EJML: it must not import Spring (checked by {@code PruningArchitectureTest}).
 */
package dev.lvlmserve.pruning;
