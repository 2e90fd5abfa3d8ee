/**
 * Training with DJL autograd: AdamW, warm-up + cosine schedule, masked next-token loss (token or per-sample mean),
 * the training-only per-patch attribute loss, and the default model's trainer over the built-in benchmark.
 */
package dev.lvlmserve.train;
