/**
 * Text ↔ token ids for the language model, through DJL's bindings to the Hugging Face tokenizers library.
 *
 * <p>Legend:
 *
 * <ul>
 *   <li>{@link dev.lvlmserve.model.tokenizer.TextTokenizer}: loads {@code tokenizer.json} offline; encode, decode,
 *       vocabulary look-up, and the BOS / EOS / PAD / {@code <image>} ids.
 *   <li>{@code Vocabulary}: token → id from the JSON (DJL exposes none); {@code SpecialTokens}: which ids play which
 *       role, from {@code tokenizer_config.json}, {@code special_tokens_map.json}, {@code generation_config.json}.
 *   <li>{@link dev.lvlmserve.model.tokenizer.WordLevelTokenizerWriter}: writes a tiny closed-vocabulary tokenizer
 *       directory (for models and data this project makes itself) that transformers' {@code AutoTokenizer} can load.
 * </ul>
 *
 * <p>Ids are {@code long}, as DJL returns them and as the model's embedding look-up takes them.
 */
package dev.lvlmserve.model.tokenizer;
