package dev.lvlmserve.serving.engine;

import dev.lvlmserve.model.generate.GenerationOptions;
import java.util.concurrent.CompletableFuture;

/**
 * A prepared request waiting in (or running on) a worker: prompt ids, the image as cached features or as pixel
 * values still to go through the vision tower, and the future its HTTP thread waits on. Mutable fields are written
 * by the worker thread only.
 */
final class PendingRequest {
    final long[] promptIds;
    final String imageHash;
    final float[] pixels;
    final GenerationOptions options;
    final long arrivedNanos;
    final long preprocessNanos;
    final CompletableFuture<Completion> future = new CompletableFuture<>();
    private final StreamListener listener;
    private final IncrementalDecoder decoder;
    volatile long enqueuedNanos;
    float[] features;
    long visionNanos;
    long firstTokenNanos;

    PendingRequest(long[] promptIds, String imageHash, float[] features, float[] pixels, GenerationOptions options,
            long arrivedNanos, long preprocessNanos, StreamListener listener, IncrementalDecoder decoder) {
        this.promptIds = promptIds;
        this.imageHash = imageHash;
        this.features = features;
        this.pixels = pixels;
        this.options = options;
        this.arrivedNanos = arrivedNanos;
        this.preprocessNanos = preprocessNanos;
        this.listener = listener;
        this.decoder = decoder;
    }

    /** Withdrawn by its client ({@link Submission#cancel}): not to be started, or to be stopped at the next step. */
    boolean isCancelled() {
        return future.isCancelled();
    }

    boolean needsVision() {
        return imageHash != null && features == null;
    }

    void onToken(long token) {
        if (firstTokenNanos == 0) {
            firstTokenNanos = System.nanoTime();
        }
        if (decoder != null) {
            String delta = decoder.push(token);
            if (!delta.isEmpty()) {
                listener.onText(delta);
            }
        }
    }
}
