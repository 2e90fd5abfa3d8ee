/**
 * Checkpoint I/O for Hugging Face llava-hf checkpoints. {@link dev.lvlmserve.model.io.SafetensorsFile} is a
 * memory-mapped, fully validated safetensors reader (files beyond 2 GiB; F32/F16/BF16 converted to FLOAT32 or
 * FLOAT16 while they are read, since BF16 must never reach DJL, each mapping window unmapped once copied);
 * {@link dev.lvlmserve.model.io.SafetensorsWriter} writes single or sharded files atomically;
 * {@link dev.lvlmserve.model.io.CheckpointFiles} presents a directory (index + shards, or one {@code model.safetensors})
 * as one key space; {@link dev.lvlmserve.model.io.KeyMapping} is the single table between
 * the two key vintages and the canonical (older) names; {@link dev.lvlmserve.model.io.StrictWeightLoader} checks every
 * key and shape before loading anything and reports all problems at once. Every failure is a
 * {@link dev.lvlmserve.model.io.CheckpointException} naming the files and keys involved. Tensors are row-major with
 * PyTorch's layout (Linear weights are {@code (out, in)}); shapes are {@code long[]} as in the header.
 */
package dev.lvlmserve.model.io;
