package dev.lvlmserve.serving.engine;

import dev.lvlmserve.model.generate.SequenceResult;
import dev.lvlmserve.model.llava.LlavaPipeline;
import dev.lvlmserve.serving.metrics.RequestSample;
import dev.lvlmserve.serving.metrics.ServingMetrics;

/** Turns a finished sequence into its request's {@link Completion}, timings and metrics (both batching modes). */
final class Finisher {
    static final String CANCELLED = "cancelled";

    private final String model;
    private final String variant;
    private final LlavaPipeline pipeline;
    private final ServingMetrics metrics;

    Finisher(String model, String variant, LlavaPipeline pipeline, ServingMetrics metrics) {
        this.model = model;
        this.variant = variant;
        this.pipeline = pipeline;
        this.metrics = metrics;
    }

    /** @param started when the request's generation began (it left the queue) */
    void complete(PendingRequest p, SequenceResult r, long started, long end) {
        if (p.isCancelled()) { // nobody is waiting for the text; the slot stopped at the step after the cancel
            metrics.failure(CANCELLED);
            return;
        }
        String text = p.finish(pipeline::decode, r.tokens());
        String finish = p.stoppedByString() ? "stop" : r.finishReason();
        long queue = started - p.enqueuedNanos;
        long ttft = p.firstTokenNanos == 0 ? 0 : p.firstTokenNanos - p.arrivedNanos;
        RequestTimings t = new RequestTimings(queue, p.preprocessNanos, p.visionNanos, r.prefillNanos(),
                r.decodeNanos(), ttft, end - p.arrivedNanos);
        Completion c = new Completion(text, finish, r.promptTokens(), r.tokens().length, variant, model, t,
                p.logprobs());
        metrics.record(new RequestSample(model, variant, t.queueNanos(), t.preprocessNanos(), t.visionNanos(),
                t.prefillNanos(), t.decodeNanos(), t.ttftNanos(), t.totalNanos(), c.promptTokens(),
                c.completionTokens(), c.finishReason()));
        p.future.complete(c);
    }

    /** A request withdrawn before it started: counted, never run. */
    void withdrawn() {
        metrics.failure(CANCELLED);
    }
}
