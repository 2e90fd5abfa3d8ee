/**
 * Generation. {@link dev.lvlmserve.model.generate.ContinuousBatch}: iteration-level batching over a preallocated
 * {@link dev.lvlmserve.model.generate.SlotKvCache} written in place (one slot per running sequence, per-row
 * positions and masks); {@link dev.lvlmserve.model.generate.Generator}: static left-padded batches over the
 * concatenating {@link dev.lvlmserve.model.generate.ConcatKvCache} (transformers' {@code generate}, and the twin
 * the continuous path is tested against). The {@link dev.lvlmserve.model.generate.Sampler} (greedy / temperature +
 * top-p, logit bias, frequency and presence penalties, log-probabilities) is seeded per sequence. The
 * {@code ForwardObserver} hook is what the pruning engine calibrates through.
 */
package dev.lvlmserve.model.generate;
