/**
 * Lightweight recovery of pruned variants (DESIGN §4, the structural-pruning study): the variant as a student, its
 * base as the teacher, trained on a seeded fraction of the training data with answer cross-entropy and logit or
 * hidden-state distillation, in one of three regimes (projector only, LoRA on the decoder linears plus the
 * projector, full fine-tuning of copies of the retained layers). Plain Java + DJL, no Spring.
 *
 * <p>The invariant everything here keeps: a shared base tensor is never written. The student's trainable tensors
 * are all created by {@link dev.lvlmserve.recovery.Student} (copies and adapters in its own manager); the base's
 * tensors, which the teacher, the student and every other variant read, never require gradients. The result is a
 * recipe again (adapters as low-rank deltas, copies as replacements), so a recovered variant is served, persisted
 * and exported like any other.
 *
 * <p>Shapes: logits (B, T, V), hidden states (B, T, D), position weights (B, T, 1); LoRA A (r, in), B (out, r).
 */
package dev.lvlmserve.recovery;
