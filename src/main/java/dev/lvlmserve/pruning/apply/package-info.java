/**
 * Running a prune and materialising its result. {@link dev.lvlmserve.pruning.apply.PruningEngine} runs a method's
 * passes (model, calibration source, request) → (recipe, report, variant); the variant is the base model's
 * {@code derive(recipe, tensors)}, sharing every untouched tensor and owning only what it changed;
 * {@link dev.lvlmserve.pruning.apply.Exporter} writes a variant as a Hugging Face checkpoint with its recipe beside
 * it. A variant must not outlive its base model.
 */
package dev.lvlmserve.pruning.apply;
