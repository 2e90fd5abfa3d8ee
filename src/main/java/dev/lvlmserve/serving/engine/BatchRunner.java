package dev.lvlmserve.serving.engine;

import dev.lvlmserve.model.generate.SampledToken;
import dev.lvlmserve.model.generate.SequenceRequest;
import dev.lvlmserve.model.generate.SequenceResult;
import dev.lvlmserve.model.generate.TokenListener;
import dev.lvlmserve.model.llava.LlavaPipeline;
import dev.lvlmserve.serving.metrics.RequestSample;
import dev.lvlmserve.serving.metrics.ServingMetrics;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs one batch on a worker thread: image features for the rows that need them (one pass through the vision tower
 * for all distinct images, results cached per vision key and image hash), then one batched generation. Requests
 * their clients withdrew are dropped before the batch starts and stopped at the next decode step during it. Every
 * native tensor lives and dies inside the pipeline's calls; only Java arrays come out.
 */
final class BatchRunner {
    static final String CANCELLED = "cancelled";

    private final String model;
    private final String variant;
    private final String visionKey;
    private final LlavaPipeline pipeline;
    private final FeatureCache cache;
    private final ServingMetrics metrics;

    BatchRunner(String model, String variant, String visionKey, LlavaPipeline pipeline, FeatureCache cache,
            ServingMetrics metrics) {
        this.model = model;
        this.variant = variant;
        this.visionKey = visionKey;
        this.pipeline = pipeline;
        this.cache = cache;
        this.metrics = metrics;
    }

    void run(List<PendingRequest> queued) {
        List<PendingRequest> batch = new ArrayList<>();
        for (PendingRequest p : queued) {
            if (p.isCancelled()) {
                metrics.failure(CANCELLED); // withdrawn between dequeue and start: never run
            } else {
                batch.add(p);
            }
        }
        if (batch.isEmpty()) {
            return;
        }
        long start = System.nanoTime();
        metrics.batch(model, variant, batch.size());
        try {
            computeFeatures(batch);
            List<SequenceRequest> requests = new ArrayList<>();
            for (PendingRequest p : batch) {
                requests.add(new SequenceRequest(p.promptIds, p.features, p.options));
            }
            List<SequenceResult> results = pipeline.generate(requests, new TokenListener() {
                @Override
                public void onToken(int row, long token) {
                    batch.get(row).onToken(new SampledToken(token, null));
                }

                @Override
                public void onToken(int row, SampledToken token) {
                    batch.get(row).onToken(token);
                }

                @Override
                public boolean cancelled(int row) {
                    return batch.get(row).shouldStop();
                }
            });
            long end = System.nanoTime();
            for (int i = 0; i < batch.size(); i++) {
                complete(batch.get(i), results.get(i), start, end);
            }
        } catch (RuntimeException | Error e) {
            batch.forEach(p -> p.future.completeExceptionally(e));
            if (e instanceof Error err) {
                throw err;
            }
        }
    }

    private void computeFeatures(List<PendingRequest> batch) {
        Map<String, float[]> distinct = new LinkedHashMap<>(); // image hash -> pixel values still to encode
        for (PendingRequest p : batch) {
            if (p.needsVision()) {
                float[] cached = cache.get(visionKey, p.imageHash); // another request may have filled it meanwhile
                if (cached != null) {
                    p.features = cached;
                } else {
                    distinct.putIfAbsent(p.imageHash, p.pixels);
                }
            }
        }
        if (distinct.isEmpty()) {
            return;
        }
        long t0 = System.nanoTime();
        float[][] features = pipeline.imageFeatures(new ArrayList<>(distinct.values()));
        long took = System.nanoTime() - t0;
        Map<String, float[]> byHash = new LinkedHashMap<>();
        int i = 0;
        for (String hash : distinct.keySet()) {
            float[] f = features[i++];
            byHash.put(hash, f);
            cache.put(visionKey, hash, f);
        }
        for (PendingRequest p : batch) {
            if (p.needsVision()) {
                p.features = byHash.get(p.imageHash);
                p.visionNanos = took;
            }
        }
    }

    private void complete(PendingRequest p, SequenceResult r, long start, long end) {
        if (p.isCancelled()) { // nobody is waiting for the text; the slot stopped at the step after the cancel
            metrics.failure(CANCELLED);
            return;
        }
        String text = p.finish(pipeline::decode, r.tokens());
        String finish = p.stoppedByString() ? "stop" : r.finishReason();
        long queue = start - p.enqueuedNanos;
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
}
