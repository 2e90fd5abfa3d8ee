/**
 * The inference engine: one {@link dev.lvlmserve.serving.engine.VariantWorker} thread per loaded variant owns that
 * variant's pipeline and runs batches from a {@link dev.lvlmserve.serving.engine.DynamicBatcher} (sent when full or
 * when {@code max-batch-delay} has passed since the first queued request); a bounded queue turns overload into 503.
 * Image features are cached per (base model, image SHA-256); decoding and preprocessing take a
 * {@link dev.lvlmserve.serving.engine.PreprocessGate} permit. A request whose client left
 * ({@link dev.lvlmserve.serving.engine.Submission#cancel}) leaves the queue or stops at the next decode step. Callers
 * pass and receive Java values only; native tensors exist only inside the worker's calls into the pipeline, and
 * worker threads run with grad mode off.
 */
package dev.lvlmserve.serving.engine;
