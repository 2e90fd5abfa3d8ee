package dev.lvlmserve.serving.metrics;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The serving meters a dashboard reads first, summed over every variant, as cumulative values — the same numbers
 * {@code /actuator/prometheus} shows. A reader takes two summaries and divides the difference by the time between
 * them (as Prometheus's {@code rate()} does), so no window is kept here and any number of readers agree.
 *
 * @param time when the meters were read
 * @param succeeded requests answered ({@code lvlm_request_success_total})
 * @param failed requests refused or failed ({@code lvlm_request_failure_total})
 * @param latency request latency, arrival to last token ({@code lvlm_e2e_request_latency_seconds})
 * @param waiting requests queued for a batch now ({@code lvlm_num_requests_waiting})
 * @param running requests in running batches now ({@code lvlm_num_requests_running})
 * @param batchSize sequences per batch ({@code lvlm_batch_size})
 */
public record MetricsSummary(
        Instant time,
        long succeeded,
        long failed,
        Histogram latency,
        double waiting,
        double running,
        @JsonProperty("batch_size") Distribution batchSize) {
    /**
     * A cumulative histogram in seconds.
     *
     * @param buckets the requests that took at most {@code le} seconds, ascending (the count is the +Inf bucket)
     */
    @Schema(name = "LatencyHistogram")
    public record Histogram(long count, @JsonProperty("sum_seconds") double sumSeconds, List<Bucket> buckets) {}

    @Schema(name = "LatencyBucket")
    public record Bucket(double le, long count) {}

    /** A count of observations and their sum. */
    @Schema(name = "BatchSizes")
    public record Distribution(long count, double sum) {}

    public static MetricsSummary of(MeterRegistry registry, Instant time) {
        long succeeded = Math.round(sum(registry.find(ServingMetrics.SUCCESS).counters()));
        long failed = Math.round(sum(registry.find(ServingMetrics.FAILURES).counters()));
        double waiting = registry.find(ServingMetrics.WAITING).gauges().stream().mapToDouble(Gauge::value).sum();
        double running = registry.find(ServingMetrics.RUNNING).gauges().stream().mapToDouble(Gauge::value).sum();
        var batches = registry.find(ServingMetrics.BATCH_SIZE).summaries();
        Distribution batchSize = new Distribution(batches.stream().mapToLong(DistributionSummary::count).sum(),
                batches.stream().mapToDouble(DistributionSummary::totalAmount).sum());
        return new MetricsSummary(time, succeeded, failed, latency(registry.find(ServingMetrics.LATENCY).timers()),
                waiting, running, batchSize);
    }

    private static double sum(Collection<Counter> counters) {
        return counters.stream().mapToDouble(Counter::count).sum();
    }

    /** Every variant's timer has the same bucket bounds (one configuration), so their counts add bucket by bucket. */
    private static Histogram latency(Iterable<Timer> timers) {
        long count = 0;
        double sum = 0;
        TreeMap<Double, Long> buckets = new TreeMap<>();
        for (Timer t : timers) {
            HistogramSnapshot s = t.takeSnapshot();
            count += s.count();
            sum += s.total(TimeUnit.SECONDS);
            for (CountAtBucket b : s.histogramCounts()) {
                buckets.merge(b.bucket(TimeUnit.SECONDS), Math.round(b.count()), Long::sum);
            }
        }
        List<Bucket> out = new ArrayList<>();
        buckets.forEach((le, n) -> out.add(new Bucket(le, n)));
        return new Histogram(count, sum, out);
    }
}
