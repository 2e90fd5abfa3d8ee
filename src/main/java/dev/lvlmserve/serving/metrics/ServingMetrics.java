package dev.lvlmserve.serving.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;

/**
 * Inference metrics, named after vLLM's where one fits (dashboards built for vLLM expect them) with {@code lvlm_}
 * for {@code vllm:}, tagged {@code model} (the base) and {@code variant}. Prometheus names:
 * {@code lvlm_e2e_request_latency_seconds}, {@code lvlm_time_to_first_token_seconds},
 * {@code lvlm_time_per_output_token_seconds}, {@code lvlm_request_queue_time_seconds},
 * {@code lvlm_request_prefill_time_seconds}, {@code lvlm_request_decode_time_seconds},
 * {@code lvlm_request_image_preprocess_time_seconds}, {@code lvlm_request_vision_time_seconds},
 * {@code lvlm_batch_size} (histograms); {@code lvlm_prompt_tokens_total}, {@code lvlm_generation_tokens_total},
 * {@code lvlm_request_success_total{finish_reason}}, {@code lvlm_request_failure_total{reason}} (counters);
 * {@code lvlm_num_requests_waiting}, {@code lvlm_num_requests_running}, {@code lvlm_variant_memory_bytes} (gauges).
 * Every meter has a description, which Prometheus shows as its HELP line.
 */
@Component
public class ServingMetrics {
    public static final String BATCH_SIZE = "lvlm.batch.size";
    public static final String FAILURES = "lvlm.request.failure";
    public static final String LATENCY = "lvlm.e2e.request.latency";
    public static final String SUCCESS = "lvlm.request.success";
    public static final String WAITING = "lvlm.num.requests.waiting";
    public static final String RUNNING = "lvlm.num.requests.running";

    private final MeterRegistry registry;

    public ServingMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void record(RequestSample s) {
        Tags tags = Tags.of("model", s.model(), "variant", s.variant());
        timer(LATENCY, "Request latency from arrival to the last token", tags)
                .record(s.totalNanos(), TimeUnit.NANOSECONDS);
        timer("lvlm.request.queue.time", "Time a request waited for its batch", tags)
                .record(s.queueNanos(), TimeUnit.NANOSECONDS);
        timer("lvlm.request.prefill.time", "Prefill time of the request's batch", tags)
                .record(s.prefillNanos(), TimeUnit.NANOSECONDS);
        timer("lvlm.request.decode.time", "Decode time of the request's batch", tags)
                .record(s.decodeNanos(), TimeUnit.NANOSECONDS);
        if (s.preprocessNanos() > 0) {
            timer("lvlm.request.image.preprocess.time", "Image decoding, resizing and normalisation", tags)
                    .record(s.preprocessNanos(), TimeUnit.NANOSECONDS);
        }
        if (s.visionNanos() > 0) {
            timer("lvlm.request.vision.time", "Vision tower and projector (feature-cache misses only)", tags)
                    .record(s.visionNanos(), TimeUnit.NANOSECONDS);
        }
        if (s.completionTokens() > 0) {
            timer("lvlm.time.to.first.token", "Time from arrival to the first generated token", tags)
                    .record(s.ttftNanos(), TimeUnit.NANOSECONDS);
        }
        if (s.completionTokens() > 1) {
            timer("lvlm.time.per.output.token", "Decode time per generated token after the first", tags)
                    .record(s.decodeNanos() / (s.completionTokens() - 1), TimeUnit.NANOSECONDS);
        }
        Counter.builder("lvlm.prompt.tokens").description("Prompt tokens processed, image positions included")
                .tags(tags).register(registry).increment(s.promptTokens());
        Counter.builder("lvlm.generation.tokens").description("Tokens generated").tags(tags).register(registry)
                .increment(s.completionTokens());
        Counter.builder(SUCCESS).description("Requests answered, by finish reason")
                .tags(tags.and("finish_reason", s.finishReason())).register(registry).increment();
    }

    /**
     * A request that was refused or failed, by reason: the error code it was answered with ({@code queue_full},
     * {@code invalid_json}, {@code missing_api_key} ...) or {@code cancelled} when its client went away.
     */
    public void failure(String reason) {
        Counter.builder(FAILURES).description("Requests refused or failed, by reason (the error code)")
                .tag("reason", reason).register(registry).increment();
    }

    public void batch(String model, String variant, int size) {
        DistributionSummary.builder(BATCH_SIZE).description("Sequences in the batch at each step")
                .tags("model", model, "variant", variant).serviceLevelObjectives(1, 2, 4, 8, 16, 32, 64)
                .register(registry).record(size);
    }

    /**
     * Gauges of one loaded variant: queue length, requests in the running batch, bytes of its own tensors. The
     * handle removes them when the variant is unloaded.
     */
    public Registration variant(String model, String variant, Supplier<Number> waiting, Supplier<Number> running,
            long ownedBytes) {
        Tags tags = Tags.of("model", model, "variant", variant);
        List<Meter> meters = List.of(
                Gauge.builder(WAITING, waiting).description("Requests queued for a batch")
                        .tags(tags).register(registry),
                Gauge.builder(RUNNING, running).description("Requests in the running batch")
                        .tags(tags).register(registry),
                Gauge.builder("lvlm.variant.memory", () -> ownedBytes).description("Bytes of tensors the variant "
                        + "owns (shared base tensors not counted)").baseUnit("bytes").tags(tags).register(registry));
        return () -> meters.forEach(registry::remove);
    }

    private Timer timer(String name, String description, Tags tags) {
        return Timer.builder(name).description(description).tags(tags).publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofMinutes(2))
                .register(registry);
    }

    /** Removes what it registered. */
    @FunctionalInterface
    public interface Registration extends AutoCloseable {
        @Override
        void close();
    }
}
