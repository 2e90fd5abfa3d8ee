/**
 * The CLIP vision tower as LLaVA uses it (mirrors {@code modeling_clip.py}): patch/class/position embeddings,
 * {@code pre_layrnorm}, encoder layers up to the deepest feature layer. Shapes: (B, N + 1, Dv) with CLS first.
 */
package dev.lvlmserve.model.clip;
