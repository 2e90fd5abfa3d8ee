/**
 * Widthwise pruning (the structural-pruning study, DESIGN §4): the importance of every attention head, key/value head
 * and MLP neuron of the narrowed layers, and the choice of which to keep.
 *
 * <ul>
 *   <li>{@link dev.lvlmserve.pruning.width.TaylorImportance}: first-order Taylor |w·∂L/∂w| summed over a unit's
 *       weights, L the answer-token cross-entropy ({@link dev.lvlmserve.pruning.width.AnswerLoss}) averaged over the
 *       calibration samples; gradients land on copies, never on the base's tensors;
 *   <li>{@link dev.lvlmserve.pruning.width.ActivationImportance}: ‖X_c‖₂ · Σ_j |W_jc| for each input channel c of
 *       {@code o_proj} and {@code down_proj} (Wanda's |W|·‖X‖, summed over the columns a unit owns), gradient-free;
 *   <li>{@link dev.lvlmserve.pruning.width.RandomImportance}: a seeded draw, the floor;
 *   <li>{@link dev.lvlmserve.pruning.width.WidthSelection}: the lowest-scoring units go, as many as the
 *       {@link dev.lvlmserve.pruning.plan.WidthBudget} says, under the GQA mode's grouping.
 * </ul>
 *
 * <p>Units of a layer: query head h owns {@code q_proj} rows and {@code o_proj} columns [h·hd, (h+1)·hd); key/value
 * head g owns those rows of {@code k_proj} and {@code v_proj}; neuron i owns row i of {@code gate_proj} and
 * {@code up_proj} and column i of {@code down_proj}.
 */
package dev.lvlmserve.pruning.width;
