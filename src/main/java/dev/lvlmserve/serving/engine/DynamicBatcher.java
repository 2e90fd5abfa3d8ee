package dev.lvlmserve.serving.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.ToLongFunction;

/**
 * A bounded FIFO queue that hands out batches: a batch is sent as soon as it holds {@code maxBatchSize} items, or
 * when {@code maxDelay} has passed since its <em>first</em> item was queued (so a lone request waits at most that
 * long). Continuous batching takes its first batch this way when idle, and single items ({@link #poll}) while
 * sequences run.
 *
 * <p>Hand-written: DJL Serving has exactly this batcher, but its jars ({@code ai.djl.serving:*}) do not resolve from
 * Maven Central for DJL 0.32, and the logic is a few lines over a {@link BlockingQueue}.
 */
final class DynamicBatcher<T> {
    private static final long IDLE_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final BlockingQueue<T> queue;
    private final int maxBatchSize;
    private final long maxDelayNanos;
    private final ToLongFunction<T> enqueuedAt;

    DynamicBatcher(int capacity, int maxBatchSize, long maxDelayNanos, ToLongFunction<T> enqueuedAt) {
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.maxBatchSize = maxBatchSize;
        this.maxDelayNanos = maxDelayNanos;
        this.enqueuedAt = enqueuedAt;
    }

    /** False when the queue is full. */
    boolean offer(T item) {
        return queue.offer(item);
    }

    /** Takes a waiting item out of the queue; false when it was not (or no longer) waiting. */
    boolean remove(T item) {
        return queue.remove(item);
    }

    /** The first waiting item, taken out without waiting; null when none waits. */
    T poll() {
        return queue.poll();
    }

    int waiting() {
        return queue.size();
    }

    boolean isEmpty() {
        return queue.isEmpty();
    }

    /**
     * Blocks for the next batch. Returns null once {@code finished} is true and the queue is empty: items queued
     * before the finish are still handed out.
     */
    List<T> next(BooleanSupplier finished) throws InterruptedException {
        T first = null;
        while (first == null) {
            if (finished.getAsBoolean() && queue.isEmpty()) {
                return null;
            }
            first = queue.poll(IDLE_POLL_NANOS, TimeUnit.NANOSECONDS);
        }
        List<T> batch = new ArrayList<>(maxBatchSize);
        batch.add(first);
        long deadline = enqueuedAt.applyAsLong(first) + maxDelayNanos;
        while (batch.size() < maxBatchSize) {
            queue.drainTo(batch, maxBatchSize - batch.size());
            long wait = deadline - System.nanoTime();
            if (batch.size() >= maxBatchSize || wait <= 0) {
                break;
            }
            T next = queue.poll(wait, TimeUnit.NANOSECONDS);
            if (next == null) {
                break;
            }
            batch.add(next);
        }
        return batch;
    }
}
