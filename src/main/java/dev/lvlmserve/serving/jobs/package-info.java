/**
 * Prune jobs: {@code POST /v1/variants} validates a request and queues a job on the single prune thread; a
 * {@link dev.lvlmserve.serving.jobs.VariantBuilder} (one bean per method: {@code last-n} here, Short-LVLM from
 * {@code pruning}) builds the variant, a {@link dev.lvlmserve.serving.jobs.QualityProbe} gates its activation, and
 * the variant registry persists it. Jobs report stage, percent and ETA, honour cancellation, and are persisted.
 */
package dev.lvlmserve.serving.jobs;
