package dev.lvlmserve.serving.engine;

import dev.lvlmserve.serving.error.ServingException;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Bounds image preprocessing on request threads, which are virtual and therefore unbounded in number: at most
 * {@code concurrency} images at once, so a burst of large images cannot take every core from the inference workers,
 * and at most {@code memoryBytes} of working memory between them, so it cannot take the heap either. An image asks
 * for its working bytes (from its header, before it is decoded); one larger than the whole budget waits for all of
 * it. A request that cannot get its permit within the wait is refused with 503 and {@code Retry-After}.
 */
final class PreprocessGate {
    /** How long a request waits for a permit before it is refused. */
    static final Duration WAIT = Duration.ofSeconds(10);
    private static final int UNIT = 1024; // memory permits are KiB, so a few GiB fit an int

    private final Semaphore slots;
    private final Semaphore memory;
    private final int memoryUnits;
    private final long waitNanos;
    private final long retryAfterSeconds;

    PreprocessGate(int concurrency, long memoryBytes, Duration wait, long retryAfterSeconds) {
        this.waitNanos = wait.toNanos();
        this.memoryUnits = (int) Math.max(1, Math.min(Integer.MAX_VALUE, memoryBytes / UNIT));
        this.slots = new Semaphore(concurrency, true);
        this.memory = new Semaphore(memoryUnits, true);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** Held while one image is decoded and preprocessed; closing gives its share back. */
    interface Permit extends AutoCloseable {
        @Override
        void close();
    }

    Permit acquire(long workingBytes) {
        int units = (int) Math.max(1, Math.min(memoryUnits, (workingBytes + UNIT - 1) / UNIT));
        long deadline = System.nanoTime() + waitNanos;
        try {
            if (!slots.tryAcquire(waitNanos, TimeUnit.NANOSECONDS)) {
                throw busy();
            }
            if (!memory.tryAcquire(units, Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                slots.release();
                throw busy();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ServingException.unavailable("interrupted", "The server is shutting down.", retryAfterSeconds);
        }
        return () -> {
            memory.release(units);
            slots.release();
        };
    }

    private ServingException busy() {
        return ServingException.unavailable("preprocess_busy", "Too many images are being preprocessed; retry "
                + "later.", retryAfterSeconds);
    }
}
