package dev.lvlmserve.serving.config;

import java.time.Duration;
import java.util.Locale;
import org.springframework.util.unit.DataSize;

/**
 * The engine: how requests are batched, its queue, and the KV cache of the running sequences.
 *
 * @param batching {@code continuous} (default: sequences join and leave the running batch between decode steps)
 *     or {@code static} (a batch is formed once and runs to its longest answer; kept for comparison)
 * @param maxBatchSize static: a batch is sent as soon as it has this many requests
 * @param maxBatchDelay a batch (static) or the first admission into an idle engine (continuous) waits at most
 *     this long for more requests
 * @param queueCapacity requests waiting per loaded variant; beyond it requests get 503 + {@code Retry-After}
 * @param requestTimeout how long an HTTP request waits for its answer
 * @param retryAfter the {@code Retry-After} sent with 503s
 * @param warmup run one dummy generation on the default variant before reporting ready
 * @param idleGcInterval how often an idle JVM collects and hands unused heap back to the OS (G1's periodic GC),
 *     so resident memory comes back down after a burst of large images; 0 leaves the JVM's setting alone
 * @param maxRunning continuous: sequences running at once per variant (fewer when the KV-cache memory does not
 *     hold that many slots)
 * @param kvCacheMemory continuous: bytes of KV cache per variant, preallocated at load as fixed slots
 * @param slotPositions continuous: positions one slot holds (prompt + answer); default the prompt cap plus the
 *     token cap, and never more than the model's {@code max_position_embeddings}
 * @param maxPrefillTokens continuous: prompt tokens prefilled per step, over all joining sequences; a longer prompt
 *     is prefilled in chunks over several steps, so the running decodes keep stepping meanwhile
 */
public record EngineProperties(
        String batching,
        Integer maxBatchSize,
        Duration maxBatchDelay,
        Integer queueCapacity,
        Duration requestTimeout,
        Duration retryAfter,
        Boolean warmup,
        Duration idleGcInterval,
        Integer maxRunning,
        DataSize kvCacheMemory,
        Integer slotPositions,
        Integer maxPrefillTokens) {

    public EngineProperties {
        batching = batching == null ? "continuous" : batching.strip().toLowerCase(Locale.ROOT);
        maxBatchSize = maxBatchSize == null ? 8 : maxBatchSize;
        maxBatchDelay = maxBatchDelay == null ? Duration.ofMillis(5) : maxBatchDelay;
        queueCapacity = queueCapacity == null ? 64 : queueCapacity;
        requestTimeout = requestTimeout == null ? Duration.ofMinutes(2) : requestTimeout;
        retryAfter = retryAfter == null ? Duration.ofSeconds(1) : retryAfter;
        warmup = warmup == null || warmup;
        idleGcInterval = idleGcInterval == null ? Duration.ofSeconds(30) : idleGcInterval;
        maxRunning = maxRunning == null ? 16 : maxRunning;
        kvCacheMemory = kvCacheMemory == null ? DataSize.ofGigabytes(1) : kvCacheMemory;
        maxPrefillTokens = maxPrefillTokens == null ? 512 : maxPrefillTokens;
        if (maxBatchSize < 1 || queueCapacity < 1 || maxRunning < 1 || maxPrefillTokens < 1
                || kvCacheMemory.toBytes() < 1 || (slotPositions != null && slotPositions < 2)) {
            throw new IllegalArgumentException("lvlm.engine.max-batch-size, queue-capacity, max-running, "
                    + "kv-cache-memory, max-prefill-tokens and slot-positions must be positive");
        }
        if (!batching.equals("continuous") && !batching.equals("static")) {
            throw new IllegalArgumentException("lvlm.engine.batching must be continuous or static, was "
                    + batching);
        }
    }

    public static EngineProperties defaults() {
        return new EngineProperties(null, null, null, null, null, null, null, null, null, null, null, null);
    }

    public boolean continuous() {
        return batching.equals("continuous");
    }

    /** With {@code slotPositions} filled from the request limits when it was not set. */
    EngineProperties withDefaultSlotPositions(int positions) {
        return slotPositions != null ? this : new EngineProperties(batching, maxBatchSize, maxBatchDelay,
                queueCapacity, requestTimeout, retryAfter, warmup, idleGcInterval, maxRunning, kvCacheMemory,
                positions, maxPrefillTokens);
    }

    /** {@code Retry-After} in whole seconds, at least 1. */
    public long retryAfterSeconds() {
        return Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    }
}
