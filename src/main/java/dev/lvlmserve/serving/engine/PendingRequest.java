package dev.lvlmserve.serving.engine;

import dev.lvlmserve.model.generate.GenerationOptions;
import dev.lvlmserve.model.generate.SampledToken;
import java.util.concurrent.CompletableFuture;

/**
 * A prepared request waiting in (or running on) a worker: prompt ids, the image as cached features or as pixel
 * values still to go through the vision tower, its answer's text so far, and the future its HTTP thread waits on.
 * Mutable fields are written by the worker thread only.
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
    private final AnswerText text;
    volatile long enqueuedNanos;
    float[] features;
    long visionNanos;
    long firstTokenNanos;

    /** @param text the answer's text tracker, or null when only the final tokens matter (decoded once at the end) */
    PendingRequest(long[] promptIds, String imageHash, float[] features, float[] pixels, GenerationOptions options,
            long arrivedNanos, long preprocessNanos, StreamListener listener, AnswerText text) {
        this.promptIds = promptIds;
        this.imageHash = imageHash;
        this.features = features;
        this.pixels = pixels;
        this.options = options;
        this.arrivedNanos = arrivedNanos;
        this.preprocessNanos = preprocessNanos;
        this.listener = listener;
        this.text = text;
    }

    /** Withdrawn by its client ({@link Submission#cancel}): not to be started, or to be stopped at the next step. */
    boolean isCancelled() {
        return future.isCancelled();
    }

    /** Whether generation should end before the next step: withdrawn, or a stop string has appeared. */
    boolean shouldStop() {
        return isCancelled() || stoppedByString();
    }

    boolean stoppedByString() {
        return text != null && text.stopped();
    }

    boolean needsVision() {
        return imageHash != null && features == null;
    }

    void onToken(SampledToken token) {
        if (firstTokenNanos == 0) {
            firstTokenNanos = System.nanoTime();
        }
        if (text != null) {
            send(text.push(token));
        }
    }

    /**
     * Ends the answer: sends what was held back for a stop string that never came, and returns the final text
     * ({@code decode} is used when no text was tracked).
     */
    String finish(java.util.function.Function<long[], String> decode, long[] tokens) {
        if (text == null) {
            return decode.apply(tokens);
        }
        send(text.finish());
        return text.text();
    }

    java.util.List<TokenLogprob> logprobs() {
        return text == null ? null : text.logprobs();
    }

    private void send(AnswerText.Delta d) {
        if (!d.isEmpty()) {
            listener.onText(d.text(), d.logprobs());
        }
    }
}
