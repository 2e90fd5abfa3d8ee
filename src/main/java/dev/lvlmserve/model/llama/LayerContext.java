package dev.lvlmserve.model.llama;

import ai.djl.ndarray.NDArray;
import dev.lvlmserve.model.generate.KvCache;

/**
 * What every decoder layer of one forward shares: RoPE tables (B, 1, T, hd), broadcast over heads, the additive mask (B, 1, T, S) and the
 * KV cache (null when recomputing everything).
 */
record LayerContext(NDArray cos, NDArray sin, NDArray mask, KvCache cache) {}
