package dev.lvlmserve.serving.engine;

import dev.lvlmserve.model.generate.SampledToken;
import dev.lvlmserve.model.generate.SequenceRequest;
import dev.lvlmserve.model.generate.SequenceResult;
import dev.lvlmserve.model.generate.TokenListener;
import dev.lvlmserve.model.llava.LlavaPipeline;
import dev.lvlmserve.serving.metrics.ServingMetrics;
import java.util.ArrayList;
import java.util.List;

/**
 * Static batching ({@code lvlm.engine.batching: static}): runs one batch on a worker thread — image features for
 * the rows that need them, then one batched generation that lasts as long as its longest answer. Requests their
 * clients withdrew are dropped before the batch starts and stopped at the next decode step during it. Every
 * native tensor lives and dies inside the pipeline's calls; only Java arrays come out.
 */
final class BatchRunner {
    static final String CANCELLED = Finisher.CANCELLED;

    private final String model;
    private final String variant;
    private final LlavaPipeline pipeline;
    private final VisionStage vision;
    private final Finisher finisher;
    private final ServingMetrics metrics;

    BatchRunner(String model, String variant, String visionKey, LlavaPipeline pipeline, FeatureCache cache,
            ServingMetrics metrics) {
        this.model = model;
        this.variant = variant;
        this.pipeline = pipeline;
        this.vision = new VisionStage(visionKey, pipeline, cache);
        this.finisher = new Finisher(model, variant, pipeline, metrics);
        this.metrics = metrics;
    }

    void run(List<PendingRequest> queued) {
        List<PendingRequest> batch = new ArrayList<>();
        for (PendingRequest p : queued) {
            if (p.isCancelled()) {
                finisher.withdrawn(); // withdrawn between dequeue and start: never run
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
            vision.computeFeatures(batch);
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
                finisher.complete(batch.get(i), results.get(i), start, end);
            }
        } catch (RuntimeException | Error e) {
            batch.forEach(p -> p.future.completeExceptionally(e));
            if (e instanceof Error err) {
                throw err;
            }
        }
    }
}
