package dev.lvlmserve.serving.engine;

import ai.djl.pytorch.jni.JniUtils;
import dev.lvlmserve.model.llava.Conversation;
import dev.lvlmserve.model.llava.LlavaPipeline;
import dev.lvlmserve.serving.config.EngineProperties;
import dev.lvlmserve.serving.metrics.ServingMetrics;
import java.awt.image.BufferedImage;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One loaded variant and the single thread that owns its pipeline and all its native memory (weights, KV cache):
 * every forward pass of the variant runs here, continuously batched ({@link ContinuousRunner}) or in static
 * batches ({@link BatchRunner}), from a bounded {@link DynamicBatcher} queue. Closing is graceful: the worker stops taking requests, finishes the ones
 * already queued (so an activation or eviction never fails a request in flight), then closes the pipeline if it
 * owns it.
 *
 * <p>Tokenising and image preprocessing ({@link #promptIds}, {@link #pixelValues}) are plain Java and run on the
 * caller's thread, so they proceed in parallel while the worker computes.
 */
public final class VariantWorker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(VariantWorker.class);

    /** What {@link #offer} did with a request. */
    enum Offer { ACCEPTED, FULL, CLOSED }

    private final String variant;
    private final String model;
    private final String visionKey;
    private final LlavaPipeline pipeline;
    private final boolean ownsPipeline;
    private final DynamicBatcher<PendingRequest> batcher;
    private final BatchRunner runner; // static batching, or null
    private final EngineProperties engine;
    private final FeatureCache cache;
    private volatile ContinuousRunner continuous; // continuous batching: made on the worker thread
    private volatile KvSlots slots;
    private final ServingMetrics metrics;
    private final AtomicInteger running = new AtomicInteger();
    private final Object lock = new Object();
    private final Thread thread;
    private volatile boolean closed;

    private VariantWorker(String variant, String model, String visionKey, LlavaPipeline pipeline,
            boolean ownsPipeline, EngineProperties engine, FeatureCache cache, ServingMetrics metrics) {
        this.variant = variant;
        this.model = model;
        this.visionKey = visionKey;
        this.pipeline = pipeline;
        this.ownsPipeline = ownsPipeline;
        this.engine = engine;
        this.batcher = new DynamicBatcher<>(engine.queueCapacity(), engine.continuous() ? engine.maxRunning()
                : engine.maxBatchSize(), engine.maxBatchDelay().toNanos(), p -> p.enqueuedNanos);
        this.runner = engine.continuous() ? null : new BatchRunner(model, variant, visionKey, pipeline, cache,
                metrics);
        this.cache = cache;
        this.metrics = metrics;
        this.thread = Thread.ofPlatform().name("lvlm-worker-" + variant).daemon().unstarted(this::loop);
    }

    /**
     * Starts a worker for {@code pipeline}; with {@code ownsPipeline} the worker closes it when it stops.
     *
     * @param model the base model (metrics tag)
     * @param visionKey whose image features this variant computes: its base's name when it shares the base's
     *     vision tower and projector (so the feature cache is shared), its own name otherwise
     */
    public static VariantWorker start(String variant, String model, String visionKey, LlavaPipeline pipeline,
            boolean ownsPipeline, EngineProperties engine, FeatureCache cache, ServingMetrics metrics) {
        VariantWorker w = new VariantWorker(variant, model, visionKey, pipeline, ownsPipeline, engine, cache,
                metrics);
        w.thread.start();
        return w;
    }

    private void loop() {
        JniUtils.setGradMode(false); // grad mode is per thread; inference must not record autograd history
        try {
            if (runner == null) {
                runContinuous();
            } else {
                runStatic();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable t) {
            log.error("worker of variant {} died", variant, t);
        } finally {
            if (ownsPipeline) {
                pipeline.close();
            }
        }
    }

    private void runContinuous() throws InterruptedException {
        KvSlots kv = slots();
        continuous = new ContinuousRunner(model, variant, visionKey, pipeline, cache, metrics, kv.slots(),
                kv.positions(), engine.maxPrefillTokens());
        log.info("variant {}: continuous batching, {} slots of {} positions ({} MiB of KV cache)", variant,
                kv.slots(), kv.positions(), kv.bytes() >> 20);
        continuous.run(batcher, () -> closed, running);
    }

    private void runStatic() throws InterruptedException {
        log.info("variant {}: static batching, batches of up to {}", variant, engine.maxBatchSize());
        List<PendingRequest> batch;
        while ((batch = batcher.next(() -> closed)) != null) {
            running.set(batch.size());
            try {
                runner.run(batch);
            } finally {
                running.set(0);
            }
        }
    }

    /** Queues a prepared request; never blocks. */
    Offer offer(PendingRequest p) {
        synchronized (lock) { // with close(): once closed is seen, nothing more can be queued
            if (closed) {
                return Offer.CLOSED;
            }
            p.enqueuedNanos = System.nanoTime();
            if (!batcher.offer(p)) {
                return Offer.FULL;
            }
            p.future.whenComplete((c, e) -> {
                if (p.isCancelled() && batcher.remove(p)) { // a withdrawn request gives its queue slot back at once
                    metrics.failure(BatchRunner.CANCELLED); // (one already taken is counted by its batch)
                }
            });
            return Offer.ACCEPTED;
        }
    }

    public long[] promptIds(Conversation conversation) {
        return pipeline.promptIds(conversation);
    }

    /** The number of logits per step: valid token ids are below it. */
    int vocabularySize() {
        return pipeline.model().config().textConfig().vocabSize();
    }

    TokenLogprob.Piece tokenText(long id) {
        return TokenLogprob.Piece.of(pipeline.tokenizer().tokenText(id), pipeline.tokenizer().tokenBytes(id));
    }

    public float[] pixelValues(BufferedImage image) {
        return pipeline.pixelValues(image);
    }

    String decode(long[] tokens) {
        return pipeline.decode(tokens);
    }

    /** The pipeline, for the registry and prune jobs (which derive variants from it); not for request threads. */
    public LlavaPipeline pipeline() {
        return pipeline;
    }

    public String variant() {
        return variant;
    }

    public String model() {
        return model;
    }

    String visionKey() {
        return visionKey;
    }

    public int waiting() {
        ContinuousRunner c = continuous;
        return batcher.waiting() + (c == null ? 0 : c.held());
    }

    /** The longest prompt a request may have here, so that its answer has room (continuous: a slot's size). */
    int maxPromptTokens() {
        int positions = runner == null ? slots().positions()
                : pipeline.model().config().textConfig().maxPositionEmbeddings();
        return positions - 1;
    }

    /** How the KV-cache memory is cut into slots (planned once, from the model's shapes). */
    private KvSlots slots() {
        KvSlots s = slots;
        if (s == null) {
            s = KvSlots.plan(engine, pipeline.model());
            slots = s;
        }
        return s;
    }

    public int running() {
        return running.get();
    }

    public boolean isClosed() {
        return closed;
    }

    /** Stops taking requests; queued ones still run. Returns at once. */
    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
        }
    }

    /** Waits until the worker has drained its queue and released its pipeline. */
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        return thread.join(timeout);
    }
}
