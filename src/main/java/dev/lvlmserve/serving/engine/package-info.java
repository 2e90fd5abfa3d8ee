/**
 * The inference engine: one {@link dev.lvlmserve.serving.engine.VariantWorker} thread per loaded variant owns that
 * variant's pipeline and its KV cache. By default it batches continuously
 * ({@link dev.lvlmserve.serving.engine.ContinuousRunner}: requests join the running batch between decode steps,
 * first come first served, and leave after any step, over KV slots preallocated at load —
 * {@link dev.lvlmserve.serving.engine.KvSlots}); {@code lvlm.engine.batching: static} keeps the older batches
 * that run to their longest answer ({@link dev.lvlmserve.serving.engine.BatchRunner}). A bounded FIFO queue
 * ({@link dev.lvlmserve.serving.engine.DynamicBatcher}) turns overload into 503. Image features are cached per
 * (base model, image SHA-256); decoding and preprocessing take a
 * {@link dev.lvlmserve.serving.engine.PreprocessGate} permit. A request's text is followed token by token
 * ({@link dev.lvlmserve.serving.engine.AnswerText}: stream deltas, stop strings, log-probabilities). A request whose
 * client left ({@link dev.lvlmserve.serving.engine.Submission#cancel}) or whose stop string appeared leaves the
 * queue or stops at the next decode step, freeing its slot. Callers pass and receive Java values only; native
 * tensors exist only inside the worker's calls into the pipeline, and worker threads run with grad mode off.
 */
package dev.lvlmserve.serving.engine;
