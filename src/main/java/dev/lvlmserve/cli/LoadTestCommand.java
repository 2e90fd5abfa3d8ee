package dev.lvlmserve.cli;

import dev.lvlmserve.bench.scene.SceneRenderer;
import dev.lvlmserve.bench.suite.BenchmarkSuite;
import dev.lvlmserve.bench.suite.Sample;
import dev.lvlmserve.bench.suite.Split;
import dev.lvlmserve.bench.suite.Suites;
import dev.lvlmserve.eval.load.LoadGenerator;
import dev.lvlmserve.model.config.Json;
import dev.lvlmserve.model.tokenizer.TextTokenizer;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Latency percentiles and samples/s of the HTTP service at several concurrencies, with continuous batching, static
 * batching ({@code max-batch-size 8}) and without batching ({@code static}, {@code max-batch-size 1}) — in one
 * run, one in-process server per mode on a loopback port, all started at once (an idle one waits on its queue).
 * Each level runs the modes back to back, in {@code --rounds} rounds pooled in the table, so that on a shared
 * machine a change of load falls on every mode alike and the ratios stay comparable. Requests are chat completions about distinct TEST
 * images whose answers have mixed lengths (each request's {@code max_tokens} drawn from a range, the end of
 * sequence banned with {@code logit_bias}, so every answer has exactly that many tokens). With
 * {@code --with-variant} a 30 % Short-LVLM variant, built once through the prune-job API, is measured too.
 */
@Command(name = "loadtest", mixinStandardHelpOptions = true,
        footer = {"", "Example: ./lvlm-serve loadtest --concurrency 1,16 --requests 64"},
        description = "Load-test the HTTP service on loopback: p50/p95/p99 and samples/s, continuous vs static "
                + "batching vs unbatched.")
final class LoadTestCommand implements Callable<Integer> {
    @Mixin
    ModelOption model;

    @Option(names = "--concurrency", split = ",", defaultValue = "1,4,16,32")
    List<Integer> concurrency;

    @Option(names = "--requests", defaultValue = "64", description = "requests per concurrency level")
    int requests;

    @Option(names = "--answer-tokens", defaultValue = "1-64", description = "range of answer lengths, MIN-MAX")
    String answerTokens;

    @Option(names = "--modes", split = ",", defaultValue = "continuous,static,unbatched")
    List<String> modes;

    @Option(names = "--rounds", defaultValue = "2", description = "rounds over every level; within a round each "
            + "level runs every mode back to back, so that a change in the machine's load falls on all of them "
            + "alike; the table pools the rounds")
    int rounds;

    @Option(names = "--with-variant", description = "also measure a Short-LVLM variant (built once)")
    boolean withVariant;

    @Option(names = "--ratio", defaultValue = "0.3")
    double ratio;

    private final HttpClient http = HttpClient.newHttpClient();
    private final String adminKey = UUID.randomUUID().toString();

    @Override
    public Integer call() throws Exception {
        Path modelDir = model.resolve();
        Path data = Files.createTempDirectory("lvlm-loadtest-");
        String variant = "loadtest-" + Math.round(ratio * 100);
        String baseName = modelDir.getFileName().toString();
        long eos;
        try (TextTokenizer t = TextTokenizer.load(modelDir)) {
            eos = t.eosId();
        }
        modes.forEach(LoadTestCommand::label); // an unknown mode fails before anything starts
        String[] range = answerTokens.split("-");
        int[] lengths = lengths(requests, Integer.parseInt(range[0]), Integer.parseInt(range[1]));
        if (withVariant) { // built once; every server below finds it in the shared data directory
            try (EmbeddedServer server = start(modelDir, data, modes.getFirst())) {
                ensureVariant("http://127.0.0.1:" + server.port(), variant);
            }
        }
        List<String> variants = withVariant ? List.of(baseName, variant) : List.of(baseName);
        Map<String, List<LoadGenerator.Result>> runs = new LinkedHashMap<>(); // in the table's order
        for (String mode : modes) {
            for (String v : variants) {
                for (int c : concurrency) {
                    runs.put(key(mode, v, c), new ArrayList<>());
                }
            }
        }
        List<EmbeddedServer> servers = new ArrayList<>();
        try {
            for (String mode : modes) {
                servers.add(start(modelDir, data, mode));
            }
            for (int round = 1; round <= rounds; round++) {
                for (String v : variants) {
                    List<String> bodies = chatBodies(v, lengths, eos);
                    for (int c : concurrency) {
                        for (int i = 0; i < modes.size(); i++) { // the modes back to back: the same machine load
                            URI chat = URI.create("http://127.0.0.1:" + servers.get(i).port()
                                    + "/v1/chat/completions");
                            if (round == 1 && c == concurrency.getFirst()) {
                                // warm-up over every body: every level then measures with cached vision features
                                new LoadGenerator().run(chat, bodies, 4, bodies.size(), Duration.ofMinutes(5));
                            }
                            LoadGenerator.Result r = new LoadGenerator().run(chat, bodies, c, requests,
                                    Duration.ofMinutes(10));
                            runs.get(key(modes.get(i), v, c)).add(r);
                            System.err.println("round " + round + ": " + String.join("  ", row(modes.get(i), v,
                                    r, lengths)));
                        }
                    }
                }
            }
        } finally {
            servers.forEach(EmbeddedServer::close);
        }
        Map<String, LoadGenerator.Result> byKey = new LinkedHashMap<>();
        runs.forEach((k, list) -> byKey.put(k, LoadGenerator.Result.pool(list)));
        System.out.printf(Locale.ROOT, "%d requests per level and mode in each of %d rounds; answers of %s tokens%n%n",
                requests, rounds, answerTokens);
        System.out.println("| batching | variant | concurrency | requests | errors | p50 ms | p95 ms | p99 ms | "
                + "samples/s | tokens/s |");
        System.out.println("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (String mode : modes) {
            for (String v : variants) {
                for (int c : concurrency) {
                    System.out.println("| " + String.join(" | ", row(mode, v, byKey.get(key(mode, v, c)), lengths))
                            + " |");
                }
            }
        }
        System.out.println();
        summary(byKey, baseName);
        return 0;
    }

    private static String key(String mode, String variant, int concurrency) {
        return mode + "/" + variant + "/" + concurrency;
    }

    private static String[] row(String mode, String v, LoadGenerator.Result r, int[] lengths) {
        double tokens = tokens(lengths, r.requests()) / r.seconds();
        return new String[] {label(mode), v, Integer.toString(r.concurrency()), Integer.toString(r.requests()),
            Integer.toString(r.errors()), fmt(r.p50Ms()), fmt(r.p95Ms()), fmt(r.p99Ms()), fmt(r.perSecond()),
            fmt(tokens)};
    }

    /** The ratios the continuous engine is judged by, at every concurrency all three modes ran. */
    private void summary(Map<String, LoadGenerator.Result> byKey, String v) {
        for (int c : concurrency) {
            LoadGenerator.Result cont = byKey.get("continuous/" + v + "/" + c);
            LoadGenerator.Result stat = byKey.get("static/" + v + "/" + c);
            LoadGenerator.Result none = byKey.get("unbatched/" + v + "/" + c);
            if (cont != null && stat != null && none != null) {
                System.out.printf(Locale.ROOT, "c=%d: continuous %.2fx unbatched and %.2fx static samples/s; "
                        + "p99 continuous %.0f ms, static %.0f ms, unbatched %.0f ms%n", c,
                        cont.perSecond() / none.perSecond(), cont.perSecond() / stat.perSecond(), cont.p99Ms(),
                        stat.p99Ms(), none.p99Ms());
            }
        }
    }

    private static String label(String mode) {
        return switch (mode) {
            case "continuous" -> "continuous";
            case "static" -> "static (max 8)";
            case "unbatched" -> "unbatched";
            default -> throw new IllegalArgumentException("unknown mode " + mode
                    + " (continuous, static, unbatched)");
        };
    }

    private EmbeddedServer start(Path modelDir, Path data, String mode) {
        label(mode);
        return EmbeddedServer.start("--server.port=0", "--spring.main.banner-mode=off",
                "--server.address=127.0.0.1", "--lvlm.models." + modelDir.getFileName() + "=" + modelDir,
                "--lvlm.data-dir=" + data, "--lvlm.security.admin-key=" + adminKey,
                "--lvlm.engine.batching=" + (mode.equals("continuous") ? "continuous" : "static"),
                "--lvlm.engine.max-batch-size=" + (mode.equals("unbatched") ? 1 : 8),
                "--lvlm.engine.queue-capacity=256", "--logging.level.lvlm.access=off",
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

    /** Answer lengths, uniform in [min, max], the same in every mode (seeded). */
    static int[] lengths(int count, int min, int max) {
        SplittableRandom r = new SplittableRandom(1);
        int[] out = new int[count];
        for (int i = 0; i < count; i++) {
            out[i] = min + r.nextInt(max - min + 1);
        }
        return out;
    }

    private static long tokens(int[] lengths, int requests) {
        long sum = 0;
        for (int i = 0; i < requests; i++) {
            sum += lengths[i % lengths.length];
        }
        return sum;
    }

    /** VQA requests about distinct TEST images (one image per request, as a VQA client sends them; the soak's). */
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

    /** Chat requests about distinct TEST images, one per answer length (the end of sequence banned). */
    static List<String> chatBodies(String variant, int[] lengths, long eos) throws Exception {
        List<BenchmarkSuite> suites = Suites.all();
        List<String> out = new ArrayList<>();
        for (int i = 0; i < lengths.length; i++) {
            Sample s = suites.get(i % suites.size()).sample(Split.TEST, i / suites.size());
            String png = Base64.getEncoder().encodeToString(SceneRenderer.toPng(SceneRenderer.render(s.scene())));
            ObjectNode body = Json.MAPPER.createObjectNode().put("model", variant).put("max_tokens", lengths[i]);
            body.putObject("logit_bias").put(Long.toString(eos), -100);
            ObjectNode user = body.putArray("messages").addObject().put("role", "user");
            var content = user.putArray("content");
            content.addObject().put("type", "text").put("text", s.question());
            content.addObject().put("type", "image_url").putObject("image_url").put("url",
                    "data:image/png;base64," + png);
            out.add(body.toString());
        }
        return out;
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
