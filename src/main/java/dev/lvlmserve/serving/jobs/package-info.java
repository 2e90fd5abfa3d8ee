/**
 * Prune jobs: {@code POST /v1/variants} validates a request and queues a job on the single prune thread; a
 * {@link dev.lvlmserve.serving.jobs.VariantBuilder} (the pruning engine's, for every method the pruning registry
 * serves) builds the variant, a {@link dev.lvlmserve.serving.jobs.QualityProbe} gates its activation, and the
 * variant registry persists its recipe and tensors. Jobs report stage, percent and ETA, honour cancellation, and are
 * persisted.
 */
package dev.lvlmserve.serving.jobs;
