package dev.lvlmserve.serving.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The console's metrics summary reads back what {@link ServingMetrics} recorded, summed over variants: the merged
 * latency buckets equal counting the raw observations at each bound (the obvious twin), and the counters, gauges
 * and batch sizes are the totals of every variant's.
 */
class MetricsSummaryTest {
    @Test
    void sumsEveryVariantsMetersAndMergesTheirBuckets() {
        // the registry the service runs with (a simple registry keeps no histogram buckets)
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        ServingMetrics metrics = new ServingMetrics(registry);
        List<Double> seconds = new ArrayList<>();
        double[] a = {0.004, 0.012, 0.012, 0.25, 1.5};
        double[] b = {0.003, 0.09, 3.0};
        for (double s : a) {
            metrics.record(sample("base", "a", s));
            seconds.add(s);
        }
        for (double s : b) {
            metrics.record(sample("base", "b", s));
            seconds.add(s);
        }
        metrics.failure("queue_full");
        metrics.failure("queue_full");
        metrics.failure("invalid_json");
        metrics.batch("base", "a", 4);
        metrics.batch("base", "b", 2);
        metrics.batch("base", "b", 3);
        try (var ra = metrics.variant("base", "a", () -> 3, () -> 1, 10);
                var rb = metrics.variant("base", "b", () -> 2, () -> 4, 10)) {
            Instant now = Instant.parse("2026-12-01T12:00:00Z");
            MetricsSummary s = MetricsSummary.of(registry, now);

            assertThat(s.time()).isEqualTo(now);
            assertThat(s.succeeded()).isEqualTo(a.length + b.length);
            assertThat(s.failed()).isEqualTo(3);
            assertThat(s.waiting()).isEqualTo(5);
            assertThat(s.running()).isEqualTo(5);
            assertThat(s.batchSize().count()).isEqualTo(3);
            assertThat(s.batchSize().sum()).isEqualTo(9);
            assertThat(s.latency().count()).isEqualTo(seconds.size());
            assertThat(s.latency().sumSeconds()).isCloseTo(seconds.stream().mapToDouble(x -> x).sum(),
                    within(1e-9));
            List<MetricsSummary.Bucket> buckets = s.latency().buckets();
            assertThat(buckets).hasSizeGreaterThan(10);
            assertThat(buckets).isSortedAccordingTo((x, y) -> Double.compare(x.le(), y.le()));
            for (MetricsSummary.Bucket bucket : buckets) {
                long direct = seconds.stream().filter(x -> x <= bucket.le()).count();
                assertThat(bucket.count()).as("requests ≤ %s s", bucket.le()).isEqualTo(direct);
            }
        }
    }

    @Test
    void anIdleServiceSummarizesToZeros() {
        MetricsSummary s = MetricsSummary.of(new SimpleMeterRegistry(), Instant.EPOCH);
        assertThat(s.succeeded()).isZero();
        assertThat(s.latency().count()).isZero();
        assertThat(s.latency().buckets()).isEmpty();
        assertThat(s.batchSize().count()).isZero();
    }

    private static RequestSample sample(String model, String variant, double seconds) {
        long nanos = (long) (seconds * TimeUnit.SECONDS.toNanos(1));
        return new RequestSample(model, variant, 0, 0, 0, nanos / 2, nanos / 2, nanos / 2, nanos, 10, 2, "stop");
    }
}
