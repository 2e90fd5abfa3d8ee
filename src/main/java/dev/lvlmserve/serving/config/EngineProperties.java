package dev.lvlmserve.serving.config;

import java.time.Duration;

/**
 * The dynamic batcher and its queue.
 *
 * @param maxBatchSize a batch is sent as soon as it has this many requests
 * @param maxBatchDelay ... or when this long has passed since its first request was queued
 * @param queueCapacity requests waiting per loaded variant; beyond it requests get 503 + {@code Retry-After}
 * @param requestTimeout how long an HTTP request waits for its answer
 * @param retryAfter the {@code Retry-After} sent with 503s
 * @param warmup run one dummy generation on the default variant before reporting ready
 * @param idleGcInterval how often an idle JVM collects and hands unused heap back to the OS (G1's periodic GC),
 *     so resident memory comes back down after a burst of large images; 0 leaves the JVM's setting alone
 */
public record EngineProperties(
        Integer maxBatchSize,
        Duration maxBatchDelay,
        Integer queueCapacity,
        Duration requestTimeout,
        Duration retryAfter,
        Boolean warmup,
        Duration idleGcInterval) {

    public EngineProperties {
        maxBatchSize = maxBatchSize == null ? 8 : maxBatchSize;
        maxBatchDelay = maxBatchDelay == null ? Duration.ofMillis(5) : maxBatchDelay;
        queueCapacity = queueCapacity == null ? 64 : queueCapacity;
        requestTimeout = requestTimeout == null ? Duration.ofMinutes(2) : requestTimeout;
        retryAfter = retryAfter == null ? Duration.ofSeconds(1) : retryAfter;
        warmup = warmup == null || warmup;
        idleGcInterval = idleGcInterval == null ? Duration.ofSeconds(30) : idleGcInterval;
        if (maxBatchSize < 1 || queueCapacity < 1) {
            throw new IllegalArgumentException("lvlm.engine.max-batch-size and queue-capacity must be positive");
        }
    }

    public static EngineProperties defaults() {
        return new EngineProperties(null, null, null, null, null, null, null);
    }

    /** {@code Retry-After} in whole seconds, at least 1. */
    public long retryAfterSeconds() {
        return Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    }
}
