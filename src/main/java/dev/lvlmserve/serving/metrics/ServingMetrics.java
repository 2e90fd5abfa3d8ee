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
 * {@code lvlm_request_image_preprocess_time_seconds}, {@code lvlm_request_vision_time_seconds} (histograms);
 * {@code lvlm_prompt_tokens_total}, {@code lvlm_generation_tokens_total}, {@code lvlm_request_success_total}
 * (counters); {@code lvlm_num_requests_waiting}, {@code lvlm_num_requests_running},
 * {@code lvlm_variant_memory_bytes} (gauges); {@code lvlm_batch_size} (summary).
 */
@Component
public class ServingMetrics {
    public static final String BATCH_SIZE = "lvlm.batch.size";

    private final MeterRegistry registry;

    public ServingMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void record(RequestSample s) {
        Tags tags = Tags.of("model", s.model(), "variant", s.variant());
        timer("lvlm.e2e.request.latency", tags).record(s.totalNanos(), TimeUnit.NANOSECONDS);
        timer("lvlm.request.queue.time", tags).record(s.queueNanos(), TimeUnit.NANOSECONDS);
        timer("lvlm.request.prefill.time", tags).record(s.prefillNanos(), TimeUnit.NANOSECONDS);
        timer("lvlm.request.decode.time", tags).record(s.decodeNanos(), TimeUnit.NANOSECONDS);
        if (s.preprocessNanos() > 0) {
            timer("lvlm.request.image.preprocess.time", tags).record(s.preprocessNanos(), TimeUnit.NANOSECONDS);
        }
        if (s.visionNanos() > 0) {
            timer("lvlm.request.vision.time", tags).record(s.visionNanos(), TimeUnit.NANOSECONDS);
        }
        if (s.completionTokens() > 0) {
            timer("lvlm.time.to.first.token", tags).record(s.ttftNanos(), TimeUnit.NANOSECONDS);
        }
        if (s.completionTokens() > 1) {
            timer("lvlm.time.per.output.token", tags).record(s.decodeNanos() / (s.completionTokens() - 1),
                    TimeUnit.NANOSECONDS);
        }
        Counter.builder("lvlm.prompt.tokens").tags(tags).register(registry).increment(s.promptTokens());
        Counter.builder("lvlm.generation.tokens").tags(tags).register(registry).increment(s.completionTokens());
        Counter.builder("lvlm.request.success").tags(tags.and("finish_reason", s.finishReason()))
                .register(registry).increment();
    }

    public void batch(String model, String variant, int size) {
        DistributionSummary.builder(BATCH_SIZE).tags("model", model, "variant", variant)
                .serviceLevelObjectives(1, 2, 4, 8, 16, 32, 64).register(registry).record(size);
    }

    /**
     * Gauges of one loaded variant: queue length, requests in the running batch, bytes of its own tensors. The
     * handle removes them when the variant is unloaded.
     */
    public Registration variant(String model, String variant, Supplier<Number> waiting, Supplier<Number> running,
            long ownedBytes) {
        Tags tags = Tags.of("model", model, "variant", variant);
        List<Meter> meters = List.of(
                Gauge.builder("lvlm.num.requests.waiting", waiting).tags(tags).register(registry),
                Gauge.builder("lvlm.num.requests.running", running).tags(tags).register(registry),
                Gauge.builder("lvlm.variant.memory", () -> ownedBytes).baseUnit("bytes").tags(tags)
                        .register(registry));
        return () -> meters.forEach(registry::remove);
    }

    private Timer timer(String name, Tags tags) {
        return Timer.builder(name).tags(tags).publishPercentileHistogram()
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
