package dev.lvlmserve.eval.load;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * An open-loop soak: requests arrive at a fixed rate whether or not earlier ones were answered (so overload builds
 * up as it would with real clients), in a mix of kinds, each on its own virtual thread. Every answer is classified:
 * 2xx, 4xx, 503 with {@code Retry-After} (load shedding, acceptable) and anything else (a failure of the server).
 * The server's resident memory is sampled throughout. Bounded in time and in requests in flight; loopback only by
 * intent.
 */
public final class Soak {
    /**
     * One kind of traffic.
     *
     * @param share its part of the arrivals (shares are normalised)
     * @param body makes each request's JSON body (called per request, so bodies can differ)
     * @param disconnectingStream an SSE stream whose client hangs up after its first event (before any token)
     */
    public record Kind(String name, double share, String path, Supplier<String> body, boolean disconnectingStream) {}

    /** What the soak saw. */
    /**
     * @param notSent arrivals dropped by the client because {@code maxInFlight} requests were unanswered
     * @param clientErrors requests the client could not complete (connect failures, resets)
     */
    public record Result(int sent, Map<String, Map<String, Integer>> byKind, int unacceptable, int notSent,
            int clientErrors, long rssBeforeKib, long rssPeakKib, double seconds) {}

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, Map<String, Integer>> outcomes = new ConcurrentHashMap<>();
    private final AtomicInteger unacceptable = new AtomicInteger();
    private final AtomicInteger clientErrors = new AtomicInteger();
    private final AtomicInteger notSent = new AtomicInteger();
    private final LongAccumulator rssPeak = new LongAccumulator(Math::max, 0);

    /**
     * Sends {@code ratePerSecond} requests a second for {@code duration}, choosing kinds by share.
     *
     * @param maxInFlight arrivals beyond this many unanswered requests are counted as client errors, not sent
     */
    public Result run(URI base, List<Kind> kinds, double ratePerSecond, Duration duration, int maxInFlight,
            long seed, LongSupplier rssKib) throws InterruptedException {
        Random random = new Random(seed);
        Semaphore inFlight = new Semaphore(maxInFlight);
        long rssBefore = rssKib.getAsLong();
        Thread sampler = Thread.ofPlatform().daemon().start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                rssPeak.accumulate(rssKib.getAsLong());
                try {
                    Thread.sleep(250);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        long intervalNanos = (long) (1e9 / ratePerSecond);
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        int sent = 0;
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (long next = start; next < end; next += intervalNanos) {
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
                Kind kind = pick(kinds, random.nextDouble());
                sent++;
                if (!inFlight.tryAcquire()) {
                    notSent.incrementAndGet();
                    record(kind, "not sent (client limit)");
                    continue;
                }
                pool.execute(() -> {
                    try {
                        send(base, kind, kind.body().get());
                    } finally {
                        inFlight.release();
                    }
                });
            }
        }
        sampler.interrupt();
        return new Result(sent, new TreeMap<>(outcomes), unacceptable.get(), notSent.get(), clientErrors.get(),
                rssBefore, rssPeak.get(), (System.nanoTime() - start) / 1e9);
    }

    private static Kind pick(List<Kind> kinds, double u) {
        double total = kinds.stream().mapToDouble(Kind::share).sum();
        double acc = 0;
        for (Kind k : kinds) {
            acc += k.share() / total;
            if (u < acc) {
                return k;
            }
        }
        return kinds.getLast();
    }

    private void send(URI base, Kind kind, String body) {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(kind.path())).timeout(Duration.ofSeconds(90))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            HttpResponse<InputStream> r = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = r.body()) {
                if (kind.disconnectingStream() && r.statusCode() == 200) {
                    readFirstEvent(in); // then close: the client is gone before its answer
                } else {
                    in.readAllBytes();
                }
            }
            int status = r.statusCode();
            boolean shed = status == 503 && r.headers().firstValue("Retry-After").isPresent();
            if (!(status < 300 || (status >= 400 && status < 500) || shed)) {
                unacceptable.incrementAndGet();
            }
            record(kind, shed ? "503 + Retry-After" : Integer.toString(status));
        } catch (IOException e) {
            clientErrors.incrementAndGet();
            record(kind, "client error: " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void readFirstEvent(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                if (line.toString().startsWith("data: ")) {
                    return;
                }
                line.setLength(0);
            } else {
                line.append((char) b);
            }
        }
    }

    private void record(Kind kind, String outcome) {
        outcomes.computeIfAbsent(kind.name(), k -> new ConcurrentHashMap<>()).merge(outcome, 1, Integer::sum);
    }

    /** Resident set size of process {@code pid} in KiB, from /proc (0 where there is none). */
    public static long rssKib(long pid) {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/" + pid + "/status"), StandardCharsets.US_ASCII)) {
                if (l.startsWith("VmRSS:")) {
                    return Long.parseLong(l.replaceAll("\\D", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        return 0;
    }

    /** Latency percentiles of a closed loop of {@code n} requests at concurrency 1 (the unloaded baseline). */
    public static double[] quietLatencyMs(URI url, List<String> bodies, int n) throws Exception {
        LoadGenerator.Result r = new LoadGenerator().run(url, bodies, 1, n, Duration.ofMinutes(2));
        return new double[] {r.p50Ms(), r.p95Ms(), r.errors()};
    }
}
