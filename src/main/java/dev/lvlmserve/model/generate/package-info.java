/**
 * Generation: batched left-padded prefill, KV cache (B, kvH, S, hd) per layer, sampler (greedy / temperature +
 * top-p, seeded per sequence), and the {@code ForwardObserver} hook the pruning engine calibrates through.
 */
package dev.lvlmserve.model.generate;
