/**
 * LLaVA itself: {@code LlavaModel} (vision tower → projector → merge at the image positions → decoder → lm_head),
 * derived models that share tensors, the weight layout, checkpoint read/write, the prompt format and the
 * {@code LlavaPipeline} that ties tokenizer, image processor and generation together.
 *
 * <p>Shapes: pixel values (B, C, H, W); image features (B, N, D) with N = {@code image_seq_length}.
 */
package dev.lvlmserve.model.llava;
