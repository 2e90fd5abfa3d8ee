package dev.lvlmserve.eval.load;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A closed-loop load generator: {@code concurrency} clients each send their next request as soon as the previous
 * one is answered, until {@code total} requests are done. Bounded in count and time, loopback only by intent.
 */
public final class LoadGenerator {
    /** @param sortedMs every request's latency, ascending (so that runs can be pooled: {@link #pool}) */
    public record Result(int concurrency, int requests, int errors, double seconds, double p50Ms, double p95Ms,
            double p99Ms, double[] sortedMs) {
        public double perSecond() {
            return requests / seconds;
        }

        /**
         * Several runs at one concurrency as one: requests, errors and seconds add up, percentiles are over every
         * latency of every run (not averages of percentiles).
         */
        public static Result pool(List<Result> runs) {
            List<Double> all = new ArrayList<>();
            int errors = 0;
            double seconds = 0;
            for (Result r : runs) {
                for (double ms : r.sortedMs()) {
                    all.add(ms);
                }
                errors += r.errors();
                seconds += r.seconds();
            }
            return summary(runs.getFirst().concurrency(), errors, seconds, all);
        }
    }

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** POSTs {@code bodies} (JSON, cycled) to {@code url}. */
    public Result run(URI url, List<String> bodies, int concurrency, int total, Duration timeout) throws Exception {
        List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger next = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        long deadline = System.nanoTime() + timeout.toNanos();
        long start = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(concurrency)) {
            List<Future<?>> clients = new ArrayList<>();
            for (int c = 0; c < concurrency; c++) {
                clients.add(pool.submit(() -> {
                    int i;
                    while ((i = next.getAndIncrement()) < total && System.nanoTime() < deadline) {
                        HttpRequest req = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(60))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(bodies.get(i % bodies.size()))).build();
                        long t0 = System.nanoTime();
                        try {
                            HttpResponse<String> r = client.send(req, HttpResponse.BodyHandlers.ofString());
                            if (r.statusCode() != 200) {
                                errors.incrementAndGet();
                            }
                        } catch (Exception e) {
                            errors.incrementAndGet();
                        }
                        latencies.add((System.nanoTime() - t0) / 1e6);
                    }
                    return null;
                }));
            }
            for (Future<?> f : clients) {
                f.get();
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return summary(concurrency, errors.get(), seconds, new ArrayList<>(latencies));
    }

    private static Result summary(int concurrency, int errors, double seconds, List<Double> latencies) {
        List<Double> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        return new Result(concurrency, sorted.size(), errors, seconds, percentile(sorted, 50),
                percentile(sorted, 95), percentile(sorted, 99),
                sorted.stream().mapToDouble(Double::doubleValue).toArray());
    }

    static double percentile(List<Double> sorted, double p) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.size()) - 1; // nearest-rank
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank)));
    }
}
