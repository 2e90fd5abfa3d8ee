package dev.lvlmserve.serving.engine;

import java.util.concurrent.CompletableFuture;

/** A queued request: which variant took it (known at once, for stream headers) and its eventual completion. */
public record Submission(String variant, String model, CompletableFuture<Completion> result) {

    /**
     * Withdraws the request because its client is gone: it leaves the queue at once, or stops at its batch's next
     * decode step (counted as {@code lvlm_request_failure_total{reason="cancelled"}}). No-op once it has finished.
     */
    public void cancel() {
        result.cancel(false);
    }
}
