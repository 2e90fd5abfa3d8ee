package dev.lvlmserve.cli;

import dev.lvlmserve.bench.scene.SceneRenderer;
import dev.lvlmserve.bench.suite.BenchmarkSuite;
import dev.lvlmserve.bench.suite.Sample;
import dev.lvlmserve.bench.suite.Split;
import dev.lvlmserve.bench.suite.Suites;
import dev.lvlmserve.eval.load.LoadGenerator;
import dev.lvlmserve.model.config.Json;
import dev.lvlmserve.serving.EmbeddedServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Latency percentiles and samples/s of the HTTP service at several concurrencies, for the base model and a 30 %
 * Short-LVLM variant, with dynamic batching and without ({@code max-batch-size 1}) — in one run. It starts the
 * server in this JVM on a loopback port (twice: batching is a start-up setting); the variant is built once through
 * the prune-job API and the second server finds it in the shared data directory.
 */
@Command(name = "loadtest", mixinStandardHelpOptions = true,
        description = "Load-test the HTTP service on loopback: p50/p95/p99 and samples/s, batched vs unbatched.")
final class LoadTestCommand implements Callable<Integer> {
    @Mixin
    ModelOption model;

    @Option(names = "--concurrency", split = ",", defaultValue = "1,4,16")
    List<Integer> concurrency;

    @Option(names = "--requests", defaultValue = "64", description = "requests per concurrency level")
    int requests;

    @Option(names = "--ratio", defaultValue = "0.3")
    double ratio;

    private final HttpClient http = HttpClient.newHttpClient();
    private final String adminKey = UUID.randomUUID().toString();

    @Override
    public Integer call() throws Exception {
        Path modelDir = model.resolve();
        Path data = Files.createTempDirectory("lvlm-loadtest-");
        String variant = "loadtest-" + Math.round(ratio * 100);
        List<String[]> rows = new ArrayList<>();
        for (int batch : new int[] {8, 1}) {
            try (EmbeddedServer server = start(modelDir, data, batch)) {
                String base = "http://127.0.0.1:" + server.port();
                ensureVariant(base, variant);
                String baseName = modelDir.getFileName().toString();
                for (String v : List.of(baseName, variant)) {
                    List<String> bodies = bodies(v, requests);
                    // warm-up over every body: levels then all measure with cached vision features
                    new LoadGenerator().run(URI.create(base + "/v1/vqa"), bodies, 4, bodies.size(),
                            Duration.ofMinutes(2));
                    for (int c : concurrency) {
                        LoadGenerator.Result r = new LoadGenerator().run(URI.create(base + "/v1/vqa"), bodies, c,
                                requests, Duration.ofMinutes(3));
                        String[] row = {batch == 1 ? "unbatched" : "batched (max 8)", v, Integer.toString(c),
                            Integer.toString(r.requests()), Integer.toString(r.errors()), fmt(r.p50Ms()),
                            fmt(r.p95Ms()), fmt(r.p99Ms()), fmt(r.perSecond())};
                        rows.add(row);
                        System.err.println(String.join("  ", row));
                    }
                }
            }
        }
        System.out.println("| batching | variant | concurrency | requests | errors | p50 ms | p95 ms | p99 ms | "
                + "samples/s |");
        System.out.println("|---|---|---:|---:|---:|---:|---:|---:|---:|");
        for (String[] r : rows) {
            System.out.println("| " + String.join(" | ", r) + " |");
        }
        return 0;
    }

    private EmbeddedServer start(Path modelDir, Path data, int maxBatch) {
        return EmbeddedServer.start("--server.port=0", "--spring.main.banner-mode=off",
                "--server.address=127.0.0.1", "--lvlm.models." + modelDir.getFileName() + "=" + modelDir,
                "--lvlm.data-dir=" + data, "--lvlm.security.admin-key=" + adminKey,
                "--lvlm.engine.max-batch-size=" + maxBatch, "--lvlm.engine.queue-capacity=256",
                "--lvlm.device=" + model.placement().deviceName(), "--lvlm.dtype=" + model.placement().dtypeName());
    }

    private void ensureVariant(String base, String name) throws Exception {
        HttpResponse<String> existing = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/variants/" + name))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (existing.statusCode() == 200) {
            return;
        }
        ObjectNode req = Json.MAPPER.createObjectNode().put("ratio", ratio).put("method", "short-lvlm")
                .put("name", name);
        req.putObject("calibration").put("source", "builtin").put("size", 128);
        HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/variants"))
                .header("Content-Type", "application/json").header("X-Admin-Key", adminKey)
                .POST(HttpRequest.BodyPublishers.ofString(req.toString())).build(),
                HttpResponse.BodyHandlers.ofString());
        if (created.statusCode() != 202) {
            throw new IllegalStateException("prune job refused: " + created.statusCode() + " " + created.body());
        }
        String id = Json.MAPPER.readTree(created.body()).get("id").asString();
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode job = Json.MAPPER.readTree(http.send(HttpRequest.newBuilder(URI.create(base + "/v1/jobs/" + id))
                    .header("X-Admin-Key", adminKey).build(), HttpResponse.BodyHandlers.ofString()).body());
            String state = job.get("state").asString();
            if (state.equalsIgnoreCase("succeeded")) {
                return;
            }
            if (state.equalsIgnoreCase("failed") || state.equalsIgnoreCase("cancelled")) {
                throw new IllegalStateException("prune job " + state + ": " + job);
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("prune job did not finish in 5 minutes");
    }

    /** Distinct TEST images and questions (one image per request, as a VQA client sends them). */
    static List<String> bodies(String variant, int count) throws Exception {
        List<BenchmarkSuite> suites = Suites.all();
        List<String> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Sample s = suites.get(i % suites.size()).sample(Split.TEST, i / suites.size());
            String png = Base64.getEncoder().encodeToString(SceneRenderer.toPng(SceneRenderer.render(s.scene())));
            out.add(Json.MAPPER.createObjectNode().put("image", png).put("question", s.question())
                    .put("model", variant).put("max_new_tokens", 4).toString());
        }
        return out;
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
