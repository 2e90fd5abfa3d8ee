package dev.lvlmserve.serving.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.lvlmserve.model.Djl;
import dev.lvlmserve.model.generate.GenerationOptions;
import dev.lvlmserve.model.generate.SequenceRequest;
import dev.lvlmserve.model.generate.SequenceResult;
import dev.lvlmserve.model.generate.TokenListener;
import dev.lvlmserve.model.llava.LlavaPipeline;
import dev.lvlmserve.serving.config.EngineProperties;
import dev.lvlmserve.serving.config.LvlmProperties;
import dev.lvlmserve.serving.metrics.ServingMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A withdrawn request ({@link Submission#cancel}) as the engine sees it: its row stops at the next step while the
 * others run on, a request withdrawn before its batch starts never runs, one withdrawn while queued leaves the
 * queue at once, and each counts as {@code lvlm_request_failure_total{reason="cancelled"}}. The pipeline is a mock
 * that steps like the generator (whose own stopping is tested in {@code GeneratorTest}).
 */
class CancellationTest {
    final MeterRegistry meters = new SimpleMeterRegistry();
    final ServingMetrics metrics = new ServingMetrics(meters);
    final LlavaPipeline pipeline = mock(LlavaPipeline.class);
    final List<Integer> rowsRun = new ArrayList<>();

    /** Ten steps at most; a row stops when its listener says it is cancelled, as {@code Generator} does. */
    void stepLikeTheGenerator() {
        when(pipeline.decode(any())).thenAnswer(inv -> "t".repeat(((long[]) inv.getArgument(0)).length));
        when(pipeline.generate(anyList(), any())).thenAnswer(inv -> {
            List<SequenceRequest> batch = inv.getArgument(0);
            TokenListener listener = inv.getArgument(1);
            rowsRun.add(batch.size());
            List<List<Long>> tokens = new ArrayList<>();
            String[] finish = new String[batch.size()];
            batch.forEach(b -> tokens.add(new ArrayList<>()));
            for (int step = 0; step < 10; step++) {
                for (int row = 0; row < batch.size(); row++) {
                    if (finish[row] == null && listener.cancelled(row)) {
                        finish[row] = "cancelled";
                    }
                    if (finish[row] == null) {
                        tokens.get(row).add(5L);
                        listener.onToken(row, 5L);
                    }
                }
            }
            List<SequenceResult> out = new ArrayList<>();
            for (int row = 0; row < batch.size(); row++) {
                out.add(new SequenceResult(tokens.get(row).stream().mapToLong(Long::longValue).toArray(),
                        finish[row] == null ? "length" : finish[row], 3, 1, 1));
            }
            return out;
        });
    }

    static PendingRequest request(StreamListener listener, java.util.function.Function<long[], String> decode) {
        return new PendingRequest(new long[] {1, 2, 3}, null, null, null, GenerationOptions.greedy(10),
                System.nanoTime(), 0, listener, listener == StreamListener.NONE ? null
                        : new AnswerText(decode, java.util.List.of(), null));
    }

    double cancelled() {
        var c = meters.find(ServingMetrics.FAILURES).tag("reason", "cancelled").counter();
        return c == null ? 0 : c.count();
    }

    @Test
    void aRowWhoseClientLeftStopsAtTheNextStepAndTheOthersFinish() {
        stepLikeTheGenerator();
        BatchRunner runner = new BatchRunner("m", "v", "m", pipeline, new FeatureCache(LvlmProperties.defaults(),
                meters), metrics);
        PendingRequest stays = request(StreamListener.NONE, null);
        PendingRequest[] leaves = new PendingRequest[1];
        int[] deltas = {0};
        leaves[0] = request((delta, logprobs) -> {
            if (++deltas[0] == 3) {
                new Submission("v", "m", leaves[0].future).cancel(); // the stream's write failed
            }
        }, pipeline::decode);
        runner.run(List.of(stays, leaves[0]));
        assertThat(stays.future.join().completionTokens()).isEqualTo(10);
        assertThat(leaves[0].future.isCancelled()).isTrue();
        assertThat(deltas[0]).isEqualTo(3);
        assertThat(cancelled()).isEqualTo(1);
        assertThat(meters.find("lvlm.request.success").counters()).hasSize(1);
    }

    @Test
    void aRequestWithdrawnBeforeItsBatchStartsNeverRuns() {
        stepLikeTheGenerator();
        BatchRunner runner = new BatchRunner("m", "v", "m", pipeline, new FeatureCache(LvlmProperties.defaults(),
                meters), metrics);
        PendingRequest gone = request(StreamListener.NONE, null);
        gone.future.cancel(false);
        PendingRequest stays = request(StreamListener.NONE, null);
        runner.run(List.of(gone, stays));
        assertThat(rowsRun).containsExactly(1);
        assertThat(stays.future.join().finishReason()).isEqualTo("length");
        runner.run(List.of(gone));
        assertThat(rowsRun).containsExactly(1); // a batch of withdrawn requests does not run at all
        assertThat(cancelled()).isEqualTo(2);
    }

    @Test
    void aRequestWithdrawnWhileQueuedGivesItsSlotBackAtOnce() throws Exception {
        Djl.newManager().close(); // the worker thread sets grad mode natively: load libtorch first
        CountDownLatch busy = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        when(pipeline.generate(anyList(), any())).thenAnswer(inv -> {
            busy.countDown();
            release.await(10, TimeUnit.SECONDS);
            List<SequenceRequest> batch = inv.getArgument(0);
            return batch.stream().map(b -> new SequenceResult(new long[0], "stop", 3, 1, 1)).toList();
        });
        when(pipeline.decode(any())).thenReturn("");
        EngineProperties engine = new EngineProperties("static", 1, Duration.ZERO, 4, null, null, false, null, null,
                null, null, null);
        VariantWorker worker = VariantWorker.start("v", "m", "m", pipeline, false, engine,
                new FeatureCache(LvlmProperties.defaults(), meters), metrics);
        try {
            PendingRequest running = request(StreamListener.NONE, null);
            assertThat(worker.offer(running)).isEqualTo(VariantWorker.Offer.ACCEPTED);
            assertThat(busy.await(10, TimeUnit.SECONDS)).isTrue();
            PendingRequest queued = request(StreamListener.NONE, null);
            assertThat(worker.offer(queued)).isEqualTo(VariantWorker.Offer.ACCEPTED);
            assertThat(worker.waiting()).isEqualTo(1);
            new Submission("v", "m", queued.future).cancel();
            assertThat(worker.waiting()).isZero();
            assertThat(cancelled()).isEqualTo(1);
        } finally {
            release.countDown();
            worker.close();
            worker.awaitTermination(Duration.ofSeconds(10));
        }
    }
}
