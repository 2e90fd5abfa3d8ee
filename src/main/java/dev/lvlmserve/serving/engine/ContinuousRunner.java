package dev.lvlmserve.serving.engine;

import dev.lvlmserve.model.generate.ContinuousBatch;
import dev.lvlmserve.model.generate.SampledToken;
import dev.lvlmserve.model.generate.SequenceRequest;
import dev.lvlmserve.model.generate.SequenceResult;
import dev.lvlmserve.model.generate.SequenceSink;
import dev.lvlmserve.model.llava.LlavaPipeline;
import dev.lvlmserve.serving.error.ServingException;
import dev.lvlmserve.serving.metrics.ServingMetrics;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Continuous batching on a worker thread ({@code lvlm.engine.batching: continuous}): between decode steps the
 * requests waiting in the queue join the running batch, first come first served — the head of the queue is
 * always the next to join, nothing overtakes it — as long as slots are free; their prompts are prefilled
 * {@code max-prefill-tokens} a step, beside the running decodes. Finished, withdrawn and stopped sequences leave
 * after any step. When nothing runs, the worker blocks on the queue and gathers the first joiners for up to
 * {@code max-batch-delay}. The batch and its KV cache are created and closed here, on the thread that owns the
 * pipeline.
 */
final class ContinuousRunner {
    private static final Logger log = LoggerFactory.getLogger(ContinuousRunner.class);

    private final String model;
    private final String variant;
    private final LlavaPipeline pipeline;
    private final VisionStage vision;
    private final Finisher finisher;
    private final ServingMetrics metrics;
    private final int slots;
    private final int capacity;
    private final int prefillChunk;
    private final Deque<PendingRequest> held = new ArrayDeque<>(); // taken from the queue, next to join
    private final AtomicInteger heldCount = new AtomicInteger();

    ContinuousRunner(String model, String variant, String visionKey, LlavaPipeline pipeline, FeatureCache cache,
            ServingMetrics metrics, int slots, int capacity, int prefillChunk) {
        this.model = model;
        this.variant = variant;
        this.pipeline = pipeline;
        this.vision = new VisionStage(visionKey, pipeline, cache);
        this.finisher = new Finisher(model, variant, pipeline, metrics);
        this.metrics = metrics;
        this.slots = slots;
        this.capacity = capacity;
        this.prefillChunk = prefillChunk;
    }

    /** Requests out of the queue that have not joined yet (for the waiting gauge). */
    int held() {
        return heldCount.get();
    }

    /** Runs until {@code closed} and every queued and running request has finished. */
    void run(DynamicBatcher<PendingRequest> queue, BooleanSupplier closed, AtomicInteger running)
            throws InterruptedException {
        try (ContinuousBatch batch = pipeline.continuousBatch(slots, capacity, prefillChunk)) {
            while (true) {
                if (batch.isEmpty() && held.isEmpty()) {
                    running.set(0);
                    List<PendingRequest> first = queue.next(closed);
                    if (first == null) {
                        return;
                    }
                    held.addAll(first);
                } else {
                    for (PendingRequest p; held.size() < batch.free() && (p = queue.poll()) != null; ) {
                        held.add(p);
                    }
                }
                heldCount.set(held.size());
                admit(batch);
                heldCount.set(held.size());
                running.set(batch.size());
                if (!batch.isEmpty()) {
                    metrics.batch(model, variant, batch.size());
                    try {
                        batch.step();
                    } catch (RuntimeException e) { // every running request has been failed with it
                        log.error("a decode step of variant {} failed", variant, e);
                    }
                }
            }
        }
    }

    /** The held requests, in order, while slots last. */
    private void admit(ContinuousBatch batch) {
        List<PendingRequest> joining = new ArrayList<>();
        while (!held.isEmpty() && joining.size() < batch.free()) {
            PendingRequest p = held.poll();
            if (p.isCancelled()) {
                finisher.withdrawn();
            } else {
                joining.add(p);
            }
        }
        if (joining.isEmpty()) {
            return;
        }
        try {
            vision.computeFeatures(joining);
        } catch (RuntimeException e) {
            log.error("the vision pass of variant {} failed", variant, e);
            joining.forEach(p -> p.future.completeExceptionally(e));
            return;
        }
        long now = System.nanoTime();
        for (PendingRequest p : joining) {
            try {
                batch.admit(new SequenceRequest(p.promptIds, p.features, p.options), new Slot(p, now));
            } catch (IllegalArgumentException e) {
                p.future.completeExceptionally(ServingException.badRequest("context_length_exceeded",
                        "The prompt does not fit the engine's " + capacity + " positions per sequence.", null));
            }
        }
    }

    /** One request's seat in the batch. */
    private final class Slot implements SequenceSink {
        private final PendingRequest p;
        private final long started;

        Slot(PendingRequest p, long started) {
            this.p = p;
            this.started = started;
        }

        @Override
        public void onToken(SampledToken token) {
            p.onToken(token);
        }

        @Override
        public boolean stopRequested() {
            return p.shouldStop();
        }

        @Override
        public void onFinish(SequenceResult result, RuntimeException error) {
            if (error != null) {
                p.future.completeExceptionally(error);
            } else {
                finisher.complete(p, result, started, System.nanoTime());
            }
        }
    }
}
