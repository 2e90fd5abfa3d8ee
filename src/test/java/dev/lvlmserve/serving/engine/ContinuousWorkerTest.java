package dev.lvlmserve.serving.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lvlmserve.model.generate.GenerationOptions;
import dev.lvlmserve.model.llava.LlavaPipeline;
import dev.lvlmserve.serving.ServingFixtures;
import dev.lvlmserve.serving.config.EngineProperties;
import dev.lvlmserve.serving.config.LvlmProperties;
import dev.lvlmserve.serving.metrics.ServingMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/**
 * The continuous worker over the tiny fixture model: requests queue in order and join as slots free up, a client
 * that leaves frees its slot at the next step, each token reaches its listener as its step ends, and a stop string
 * ends a sequence inside a shared batch without touching the others.
 */
class ContinuousWorkerTest {
    static LlavaPipeline pipeline;
    static long eos;
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @BeforeAll
    static void load() {
        pipeline = LlavaPipeline.load(ServingFixtures.tinyModel(), null);
        eos = pipeline.tokenizer().eosId();
    }

    @AfterAll
    static void close() {
        pipeline.close();
    }

    VariantWorker worker(int slots) {
        return worker("continuous", slots);
    }

    VariantWorker worker(String batching, int slots) {
        return worker(batching, slots, 16);
    }

    VariantWorker worker(String batching, int slots, int queueCapacity) {
        EngineProperties engine = new EngineProperties(batching, slots, Duration.ZERO, queueCapacity, null, null, false,
                null, slots, DataSize.ofMegabytes(64), 128, null);
        return VariantWorker.start("v", "m", "m", pipeline, false, engine, new FeatureCache(LvlmProperties.defaults(),
                meters), new ServingMetrics(meters));
    }

    /** A text request whose answer runs to {@code tokens} (end of sequence banned). */
    static PendingRequest request(int tokens, String question, StreamListener listener, List<String> stops) {
        GenerationOptions o = new GenerationOptions(tokens, 0, 1, 0, Map.of((int) eos, -100f), 0, 0, -1);
        return new PendingRequest(pipeline.promptIds(question, false), null, null, null, o, System.nanoTime(), 0,
                listener, listener == StreamListener.NONE && stops.isEmpty() ? null
                        : new AnswerText(pipeline::decode, stops, null));
    }

    @Test
    void requestsBeyondTheSlotsWaitAndJoinInArrivalOrder() throws Exception {
        VariantWorker w = worker(2);
        try {
            List<PendingRequest> all = new ArrayList<>();
            List<Integer> finished = new CopyOnWriteArrayList<>();
            for (int i = 0; i < 6; i++) {
                PendingRequest p = request(12 - i, "what is left of the cube " + i, StreamListener.NONE, List.of());
                int n = i;
                p.future.whenComplete((c, e) -> finished.add(n));
                assertThat(w.offer(p)).isEqualTo(VariantWorker.Offer.ACCEPTED);
                all.add(p);
            }
            for (PendingRequest p : all) {
                Completion c = p.future.get(60, TimeUnit.SECONDS);
                assertThat(c.completionTokens()).isEqualTo(p.options.maxNewTokens());
            }
            // two slots: 0 and 1 start, later ones join in arrival order as slots free (shorter answers later in
            // the queue never overtake it), and the 3rd cannot start before one of the first two has finished
            assertThat(finished).hasSize(6);
            for (int i = 1; i < 6; i++) {
                assertThat(all.get(i).firstTokenNanos).as("request " + i + " started after " + (i - 1))
                        .isGreaterThanOrEqualTo(all.get(i - 1).firstTokenNanos);
            }
            assertThat(finished.indexOf(0)).isLessThan(finished.indexOf(2)).isLessThan(finished.indexOf(4));
            assertThat(meters.find("lvlm.batch.size").summary().max()).isEqualTo(2);
        } finally {
            w.close();
            w.awaitTermination(Duration.ofSeconds(10));
        }
    }

    /**
     * The queue bounds what waits beyond the running slots: with one slot busy and the queue full the next offer is
     * refused (the engine's 503 + Retry-After), and once the queue moves on a new request is accepted again.
     */
    @Test
    void aFullQueueRefusesTheNextRequestWhileTheSlotsAreBusy() throws Exception {
        VariantWorker w = worker("continuous", 1, 2);
        try {
            CountDownLatch started = new CountDownLatch(1);
            PendingRequest running = request(200, "describe the scene", (delta, lp) -> started.countDown(),
                    List.of());
            assertThat(w.offer(running)).isEqualTo(VariantWorker.Offer.ACCEPTED);
            assertThat(started.await(60, TimeUnit.SECONDS)).isTrue(); // it holds the one slot
            PendingRequest a = request(2, "what colour is the cube", StreamListener.NONE, List.of());
            PendingRequest b = request(2, "what colour is the ball", StreamListener.NONE, List.of());
            assertThat(w.offer(a)).isEqualTo(VariantWorker.Offer.ACCEPTED);
            assertThat(w.offer(b)).isEqualTo(VariantWorker.Offer.ACCEPTED);
            assertThat(w.offer(request(2, "one too many", StreamListener.NONE, List.of())))
                    .isEqualTo(VariantWorker.Offer.FULL);
            assertThat(w.waiting()).isEqualTo(2);
            new Submission("v", "m", running.future).cancel(); // the slot frees: the queue drains in order
            assertThat(a.future.get(60, TimeUnit.SECONDS).completionTokens()).isEqualTo(2);
            assertThat(b.future.get(60, TimeUnit.SECONDS).completionTokens()).isEqualTo(2);
            assertThat(w.offer(request(2, "room again", StreamListener.NONE, List.of())))
                    .isEqualTo(VariantWorker.Offer.ACCEPTED);
        } finally {
            w.close();
            w.awaitTermination(Duration.ofSeconds(10));
        }
    }

    @Test
    void aClientThatLeavesFreesItsSlotAtTheNextStepForTheNextRequest() throws Exception {
        VariantWorker w = worker(1);
        try {
            List<Long> arrivals = new CopyOnWriteArrayList<>();
            PendingRequest[] leaving = new PendingRequest[1];
            leaving[0] = request(200, "describe the scene", (delta, lp) -> {
                arrivals.add(System.nanoTime());
                if (arrivals.size() == 5) {
                    new Submission("v", "m", leaving[0].future).cancel();
                }
            }, List.of());
            PendingRequest next = request(3, "what colour is the cube", StreamListener.NONE, List.of());
            w.offer(leaving[0]);
            w.offer(next);
            Completion c = next.future.get(60, TimeUnit.SECONDS); // only one slot: it ran after the cancel
            assertThat(c.completionTokens()).isEqualTo(3);
            assertThat(arrivals).as("tokens streamed before the slot was given up").hasSizeBetween(5, 6);
            for (int i = 1; i < arrivals.size(); i++) {
                assertThat(arrivals.get(i)).isGreaterThan(arrivals.get(i - 1)); // one at a time, as steps end
            }
        } finally {
            w.close();
            w.awaitTermination(Duration.ofSeconds(10));
        }
    }

    @Test
    void aStopStringEndsOneSequenceOfASharedBatch() throws Exception {
        VariantWorker w = worker(4);
        try {
            PendingRequest free = request(10, "what is right of the cube", StreamListener.NONE, List.of());
            w.offer(free);
            String text = free.future.get(60, TimeUnit.SECONDS).text();
            String stop = text.split(" ")[2];
            PendingRequest stopped = request(10, "what is right of the cube", StreamListener.NONE, List.of(stop));
            PendingRequest beside = request(10, "what is right of the cube", StreamListener.NONE, List.of());
            w.offer(stopped);
            w.offer(beside);
            Completion s = stopped.future.get(60, TimeUnit.SECONDS);
            assertThat(s.text()).isEqualTo(text.substring(0, text.indexOf(stop)));
            assertThat(s.finishReason()).isEqualTo("stop");
            assertThat(beside.future.get(60, TimeUnit.SECONDS).text()).isEqualTo(text);
        } finally {
            w.close();
            w.awaitTermination(Duration.ofSeconds(10));
        }
    }

    @Test
    void staticBatchingStaysSelectableAndAnswersTheSame() throws Exception {
        List<String> answers = new ArrayList<>();
        for (String mode : List.of("continuous", "static")) {
            VariantWorker w = worker(mode, 4);
            try {
                List<PendingRequest> ps = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    PendingRequest p = request(6 + i, "what is below the cube " + i, StreamListener.NONE,
                            List.of("@@"));
                    w.offer(p);
                    ps.add(p);
                }
                StringBuilder all = new StringBuilder();
                for (PendingRequest p : ps) {
                    all.append(p.future.get(60, TimeUnit.SECONDS).text()).append('|');
                }
                answers.add(all.toString());
            } finally {
                w.close();
                w.awaitTermination(Duration.ofSeconds(10));
            }
        }
        assertThat(answers.get(1)).isEqualTo(answers.get(0));
    }
}
