/**
 * Which layers are redundant. {@link dev.lvlmserve.pruning.scoring.TokenImportance} computes the Token Importance
 * Scores of paper §4.1 (Eq. 5–6) from one layer's head-averaged attention probabilities (T, T): rows are queries,
 * columns keys, row-major. Layer ℓ's similarity is measured on the tokens that layer ℓ's own attention ranks
 * highest (the paper computes TIS "at layer ℓ", Eq. 4–6). {@link dev.lvlmserve.pruning.scoring.KeptTokens} keeps the
 * top p of tokens by count.
 * {@link dev.lvlmserve.pruning.scoring.LayerSimilarity} gives the per-token cosine between a layer's input and
 * output (Eq. 3); {@link dev.lvlmserve.pruning.scoring.LayerLocalizer} turns mean similarities into the removed set,
 * one-shot. {@link dev.lvlmserve.pruning.scoring.BaselineSelectors} and {@link
 * dev.lvlmserve.pruning.scoring.Enumeration} are the paper's §3.3 references (last-n, random, enumeration).
 *
 * <p>Positions are indices into one sample's prompt (image positions expanded). Visual tokens are the positions
 * whose id is {@code image_token_index}; every other position is a text token.
 */
package dev.lvlmserve.pruning.scoring;
