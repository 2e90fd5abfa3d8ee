/**
 * Running a prune and materialising its result. {@link dev.lvlmserve.pruning.apply.PruningEngine} is the pass
 * (model, calibration source, request) → (plan, variant); {@link dev.lvlmserve.pruning.apply.PlanApplier} turns a plan
 * (plus its SCP subspaces) into a variant that shares every untouched tensor with the base model and owns only the
 * edited ones; {@link dev.lvlmserve.pruning.apply.Exporter} writes a variant as a standard Hugging Face checkpoint with
 * {@code pruning_plan.json} beside it. A variant must not outlive its base model.
 */
package dev.lvlmserve.pruning.apply;
