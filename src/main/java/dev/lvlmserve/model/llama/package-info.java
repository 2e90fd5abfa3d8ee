/**
 * The LLaMA decoder (Mistral, Qwen2 through config flags): mirrors {@code modeling_llama.py}.
 *
 * <p>Shapes: B batch, T new positions, S all positions so far (past + T), D hidden, H query heads, kvH key/value heads,
 * hd head size, I MLP width. Masks are additive (B, 1, T, S); position ids follow transformers' generate
 * (cumsum of the padding mask − 1).
 */
package dev.lvlmserve.model.llama;
