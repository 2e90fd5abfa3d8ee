package dev.lvlmserve.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import dev.lvlmserve.serving.corpus.MalformedInputCorpus;
import dev.lvlmserve.serving.corpus.PathCases;
import dev.lvlmserve.serving.corpus.ProtectedRoutes;
import dev.lvlmserve.serving.corpus.RawHttp;
import dev.lvlmserve.serving.console.ConsoleHeaders;
import dev.lvlmserve.serving.security.AccessLevel;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;

/**
 * The whole server over HTTP on a random port, with a tiny random fixture checkpoint as its only base model and a
 * temporary data directory. Tests run in order: inference first, then the prune-job lifecycle that changes the
 * default variant. The end-to-end prune test and the restart check live in {@link PruneLifecycle}.
 */
@SpringBootTest(classes = ServerApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Import(SlowTestBuilder.class)
class ServerRandomPortTest {
    static final String ADMIN = "test-admin-key";
    static final String INFERENCE = "test-inference-key";
    static final Path DATA;

    static {
        try {
            DATA = ServingFixtures.tempDir("lvlm-serving-data-");
        } catch (IOException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry r) {
        Path model = ServingFixtures.tinyModel();
        r.add("lvlm.models.fixture", model::toString);
        r.add("lvlm.data-dir", DATA::toString);
        r.add("lvlm.engine.max-batch-delay", () -> "50ms");
        r.add("lvlm.limits.max-prompt-tokens", () -> "96");
        r.add("lvlm.limits.max-image-pixels", () -> "1000000");
        r.add("lvlm.limits.max-image-bytes", () -> "256KB");
        r.add("lvlm.limits.max-request-bytes", () -> "512KB");
        r.add("lvlm.limits.max-max-tokens", () -> "16");
        r.add("lvlm.limits.default-max-tokens", () -> "4");
        r.add("lvlm.security.admin-key", () -> ADMIN);
        r.add("lvlm.security.inference-key", () -> INFERENCE);
        r.add("lvlm.jobs.default-gate-samples", () -> "4");
    }

    @LocalServerPort
    int port;

    @Autowired
    MeterRegistry meters;

    @Autowired
    org.springframework.context.ApplicationContext context;

    /** A client that sends the inference key with every request. */
    TestHttp http() {
        return new TestHttp(port, "Authorization", "Bearer " + INFERENCE);
    }

    @Test
    @Order(1)
    void readyAfterWarmUpAndListsTheBase() {
        TestHttp.Res ready = http().get("/actuator/health/readiness");
        assertEquals(200, ready.status(), ready.text());
        assertThat(ready.json().path("components").path("model").path("status").asString()).isEqualTo("UP");
        assertEquals(200, http().get("/actuator/health/liveness").status());
        JsonNode models = http().get("/v1/models").json();
        assertThat(models.path("object").asString()).isEqualTo("list");
        assertThat(models.path("data").get(0).path("id").asString()).isEqualTo("fixture");
        assertThat(models.path("data").get(0).path("created").asLong()).as("created: when the checkpoint was "
                + "written").isBetween(1_700_000_000L, System.currentTimeMillis() / 1000 + 1);
        String health = http().get("/actuator/health").text();
        assertThat(health).contains("\"model\"", "\"diskSpace\"").doesNotContain("details", "path", "total",
                "free", "threshold", DATA.toString());
    }

    @Test
    @Order(2)
    void vqaMultipartAndJsonWithCachedFeatures() {
        byte[] png = ServingFixtures.png(Color.GREEN, 40);
        TestHttp.Res multipart = http().postMultipart("/v1/vqa", Map.of("image", png,
                "question", "what color is the cube", "max_new_tokens", "3", "seed", "1"));
        assertEquals(200, multipart.status(), multipart.text());
        JsonNode a = multipart.json();
        assertThat(a.path("variant").asString()).isEqualTo("fixture");
        assertThat(a.path("model").asString()).isEqualTo("fixture");
        assertThat(a.path("finish_reason").asString()).isIn("stop", "length");
        assertThat(a.path("completion_tokens").asInt()).isBetween(0, 3);
        assertThat(a.path("prompt_tokens").asInt()).isGreaterThan(16); // 16 image positions + text
        assertThat(a.path("timings").path("vision_ms").asDouble()).isGreaterThan(0);
        assertThat(a.path("timings").path("total_ms").asDouble()).isGreaterThan(0);

        TestHttp.Res json = http().postJson("/v1/vqa", Map.of("image", Base64.getEncoder().encodeToString(png),
                "question", "what color is the cube", "max_new_tokens", 3));
        assertEquals(200, json.status(), json.text());
        assertThat(json.json().path("answer").asString()).isEqualTo(a.path("answer").asString());
        assertThat(json.json().path("timings").path("vision_ms").asDouble()).isZero(); // same image: cached
    }

    @Test
    @Order(3)
    void chatCompletionPlainAndStreamedAgree() {
        String dataUri = "data:image/png;base64," + Base64.getEncoder().encodeToString(
                ServingFixtures.png(Color.RED, 32));
        Map<String, Object> request = Map.of("model", "default", "max_tokens", 6, "messages", List.of(
                Map.of("role", "system", "content", "answer briefly"),
                Map.of("role", "user", "content", List.of(
                        Map.of("type", "image_url", "image_url", Map.of("url", dataUri)),
                        Map.of("type", "text", "text", "what shape is red")))));
        TestHttp.Res plain = http().postJson("/v1/chat/completions", request);
        assertEquals(200, plain.status(), plain.text());
        JsonNode c = plain.json();
        assertThat(c.path("object").asString()).isEqualTo("chat.completion");
        assertThat(c.path("id").asString()).startsWith("chatcmpl-");
        assertThat(c.path("model").asString()).isEqualTo("fixture");
        JsonNode choice = c.path("choices").get(0);
        assertThat(choice.path("index").asInt()).isZero();
        assertThat(choice.path("message").path("role").asString()).isEqualTo("assistant");
        assertThat(choice.path("finish_reason").asString()).isIn("stop", "length");
        JsonNode usage = c.path("usage");
        assertEquals(usage.path("prompt_tokens").asInt() + usage.path("completion_tokens").asInt(),
                usage.path("total_tokens").asInt());

        Map<String, Object> streamed = new java.util.HashMap<>(request);
        streamed.put("stream", true);
        streamed.put("stream_options", Map.of("include_usage", true));
        TestHttp.Res sse = http().postJson("/v1/chat/completions", streamed);
        assertEquals(200, sse.status(), sse.text());
        assertThat(sse.contentType()).startsWith("text/event-stream");
        // SSE: "data: ..." + blank; ": ..." comments (heartbeats while the request waits) are for the connection only
        List<String> data = sse.text().lines().filter(l -> !l.isBlank() && !l.startsWith(":")).toList();
        assertThat(data).allMatch(l -> l.startsWith("data: "));
        assertThat(data.getLast()).isEqualTo("data: [DONE]");
        List<JsonNode> chunks = data.subList(0, data.size() - 1).stream()
                .map(l -> TestHttp.JSON.readTree(l.substring(6))).toList();
        assertThat(chunks).allMatch(ch -> ch.path("object").asString().equals("chat.completion.chunk"));
        assertThat(chunks.getFirst().path("choices").get(0).path("delta").path("role").asString())
                .isEqualTo("assistant");
        StringBuilder text = new StringBuilder();
        String finish = null;
        for (JsonNode ch : chunks) {
            for (JsonNode ci : ch.path("choices")) {
                text.append(ci.path("delta").path("content").asString(""));
                finish = ci.path("finish_reason").isNull() ? finish : ci.path("finish_reason").asString();
            }
        }
        assertThat(text.toString().strip()).isEqualTo(choice.path("message").path("content").asString());
        assertThat(finish).isEqualTo(choice.path("finish_reason").asString());
        assertThat(chunks.getLast().path("usage").path("total_tokens").asInt())
                .isEqualTo(usage.path("total_tokens").asInt());
    }

    @Test
    @Order(4)
    void concurrentRequestsAreBatched() throws Exception {
        String image = Base64.getEncoder().encodeToString(ServingFixtures.png(Color.ORANGE, 32));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<TestHttp.Res>> futures = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            int n = i;
            futures.add(pool.submit(() -> {
                go.await();
                return http().postJson("/v1/vqa", Map.of("image", image, "question", "is there a cube " + n,
                        "max_new_tokens", 2));
            }));
        }
        go.countDown();
        for (Future<TestHttp.Res> f : futures) {
            TestHttp.Res r = f.get();
            assertEquals(200, r.status(), r.text());
        }
        pool.shutdown();
        double max = meters.find("lvlm.batch.size").summaries().stream().mapToDouble(DistributionSummary::max)
                .max().orElse(0);
        assertThat(max).as("largest batch").isGreaterThan(1);
        String prometheus = http().get("/actuator/prometheus").text();
        assertThat(prometheus).contains("lvlm_batch_size_count", "lvlm_e2e_request_latency_seconds_bucket",
                "lvlm_time_to_first_token_seconds", "lvlm_request_queue_time_seconds", "lvlm_prompt_tokens_total",
                "lvlm_generation_tokens_total", "lvlm_num_requests_waiting", "lvlm_variant_memory_bytes",
                "model=\"fixture\"", "variant=\"fixture\"");
    }

    /**
     * The malformed-input corpus (generated by {@link MalformedInputCorpus}): no 5xx, the expected 4xx in the
     * endpoint's error shape, no internals, and no protected handler reached without its key, while the encoded
     * spellings a path-matching check would have let through do reach their handler with it.
     */
    @Test
    @Order(5)
    void malformedInputCorpusGetsClearErrorsNeverA5xx() {
        MalformedInputCorpus corpus = new MalformedInputCorpus(ADMIN, INFERENCE, List.of(DATA.toString(),
                ServingFixtures.tinyModel().toString(), System.getProperty("user.dir")));
        long t0 = System.nanoTime();
        MalformedInputCorpus.Report report = corpus.run(new RawHttp(port));
        System.out.print(report.summary());
        System.out.printf("corpus took %.1f s%n", (System.nanoTime() - t0) / 1e9);
        assertThat(report.cases()).isGreaterThanOrEqualTo(500);
        assertThat(report.serverErrors()).isZero();
        assertThat(report.failures()).isEmpty();
        for (String spelling : PathCases.MUST_ROUTE) {
            assertThat(report.routedWithKey().getOrDefault(spelling, 0)).as(spelling)
                    .isEqualTo(ProtectedRoutes.ALL.size());
        }
        assertThat(http().get("/v1/jobs", "X-Admin-Key", ADMIN).json().size()).as("no case started a job").isZero();
    }

    /**
     * Our metric families all have HELP text (promtool's complaint), errors are counted by reason (the corpus
     * caused many), the HTTP server metric has buckets, and the vision cache's puts are counted.
     */
    @Test
    @Order(6)
    void metricsHaveHelpTextCountFailuresAndPuts() {
        String text = http().get("/actuator/prometheus").text();
        List<String> families = text.lines().filter(l -> l.startsWith("# TYPE lvlm_"))
                .map(l -> l.split(" ")[2]).toList();
        assertThat(families).contains("lvlm_request_failure_total", "lvlm_batch_size",
                "lvlm_e2e_request_latency_seconds");
        for (String family : families) {
            assertThat(text.lines().filter(l -> l.startsWith("# HELP " + family + " ")).findFirst())
                    .as("HELP for " + family).isPresent().get().asString().hasSizeGreaterThan(("# HELP " + family
                            + " ").length() + 10);
        }
        assertThat(text).contains("# TYPE lvlm_batch_size histogram", "lvlm_batch_size_bucket",
                "http_server_requests_seconds_bucket", "lvlm_request_failure_total{reason=\"missing_api_key\"}",
                "lvlm_request_failure_total{reason=\"invalid_json\"}",
                "lvlm_request_failure_total{reason=\"image_unsupported_format\"}");
        double puts = text.lines().filter(l -> l.startsWith("cache_puts_total{") && l.contains("lvlm_vision"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
        assertThat(puts).as("vision cache puts").isGreaterThan(0);
    }

    @Test
    @Order(7)
    void noNativeMemoryGrowthAcrossManyRequests() {
        for (int i = 0; i < 5; i++) { // warm every path once: vision, cache hit, text
            vqa(i % 3, i);
        }
        int before = NativeMemory.liveArrays();
        long rssBefore = NativeMemory.rssKib();
        for (int i = 0; i < 50; i++) {
            vqa(i % 5, i);
        }
        int after = NativeMemory.liveArrays();
        long rssGrowthMib = (NativeMemory.rssKib() - rssBefore) / 1024;
        System.out.printf("native arrays before %d after %d; RSS growth %d MiB over 50 requests%n", before, after,
                rssGrowthMib);
        // Every request's tensors live in a per-batch scope; the only live arrays are the models' weights.
        assertEquals(before, after, "native arrays alive before/after 50 requests");
        assertThat(rssGrowthMib).as("RSS growth (MiB) over 50 requests").isLessThan(512);
    }

    private void vqa(int image, int question) {
        Color[] colors = {Color.RED, Color.GREEN, Color.BLUE, Color.YELLOW, Color.MAGENTA};
        TestHttp.Res r = http().postMultipart("/v1/vqa", Map.of("image", ServingFixtures.png(colors[image], 32),
                "question", "what is left of the cube " + question, "max_new_tokens", "4"));
        assertEquals(200, r.status(), r.text());
    }

    @Test
    @Order(8)
    void openApiSpecMatchesTheCommittedFile() {
        TestHttp.Res yaml = http().get("/v3/api-docs.yaml");
        assertEquals(200, yaml.status());
        OpenApiSpec.assertMatchesCommitted(yaml.text());
    }

    @Test
    @Order(9)
    void pruneJobEndToEnd() throws Exception {
        new PruneLifecycle(http(), ADMIN, DATA, context).run();
    }

    @Test
    @Order(10)
    void cancelARunningJob() throws Exception {
        new PruneLifecycle(http(), ADMIN, DATA, context).cancel();
    }

    /**
     * Who may call each endpoint the application maps, in one table: an endpoint added without a decision is
     * admin-only by default (and fails here until the table says what it should be).
     */
    @Test
    @Order(11)
    void everyEndpointHasTheAccessLevelItShould() {
        Map<String, AccessLevel> expected = new java.util.TreeMap<>(Map.ofEntries(
                Map.entry("POST /v1/vqa", AccessLevel.INFERENCE),
                Map.entry("POST /v1/chat/completions", AccessLevel.INFERENCE),
                Map.entry("GET /v1/models", AccessLevel.INFERENCE),
                Map.entry("GET /v1/models/{id}", AccessLevel.INFERENCE),
                Map.entry("GET /v1/variants", AccessLevel.INFERENCE),
                Map.entry("GET /v1/variants/{name}", AccessLevel.INFERENCE),
                Map.entry("GET /v1/variants/{name}/report", AccessLevel.INFERENCE),
                Map.entry("GET /v1/metrics/summary", AccessLevel.INFERENCE),
                Map.entry("POST /v1/variants", AccessLevel.ADMIN),
                Map.entry("POST /v1/variants/{name}/activate", AccessLevel.ADMIN),
                Map.entry("DELETE /v1/variants/{name}", AccessLevel.ADMIN),
                Map.entry("GET /v1/jobs", AccessLevel.ADMIN),
                Map.entry("GET /v1/jobs/{id}", AccessLevel.ADMIN),
                Map.entry("DELETE /v1/jobs/{id}", AccessLevel.ADMIN)));
        Map<String, AccessLevel> actual = new java.util.TreeMap<>();
        context.getBean("requestMappingHandlerMapping", RequestMappingHandlerMapping.class).getHandlerMethods()
                .forEach((info, method) -> {
                    for (String path : info.getPatternValues()) {
                        if (path.startsWith("/v1")) {
                            info.getMethodsCondition().getMethods().forEach(m -> actual.put(m + " " + path,
                                    AccessLevel.of(method)));
                        }
                    }
                });
        assertThat(actual).isEqualTo(expected);
    }

    /**
     * The console's files are public (they hold nothing secret) and carry the policy that forbids inline scripts
     * and other origins; what the page shows still needs the keys: the metrics summary it polls is refused without
     * the inference key and answers with it.
     */
    @Test
    @Order(12)
    void theConsoleIsPublicButTheApiItCallsIsNot() {
        TestHttp anonymous = new TestHttp(port);
        TestHttp.Res page = anonymous.get("/console/");
        assertEquals(200, page.status());
        assertThat(page.contentType()).startsWith("text/html");
        assertThat(page.header("Content-Security-Policy")).isEqualTo(ConsoleHeaders.POLICY);
        assertThat(page.text()).contains("<script type=\"module\" src=\"js/app.js\"></script>");
        TestHttp.Res module = anonymous.get("/console/js/app.js");
        assertEquals(200, module.status());
        assertThat(module.contentType()).contains("javascript");
        assertThat(module.header("Content-Security-Policy")).isEqualTo(ConsoleHeaders.POLICY);
        assertThat(module.header("X-Content-Type-Options")).isEqualTo("nosniff");

        assertEquals(401, anonymous.get("/v1/metrics/summary").status());
        TestHttp.Res summary = http().get("/v1/metrics/summary");
        assertEquals(200, summary.status(), summary.text());
        JsonNode s = summary.json();
        assertThat(s.path("succeeded").asLong()).as("the earlier tests' answers").isGreaterThan(10);
        assertThat(s.path("latency").path("count").asLong()).isEqualTo(s.path("succeeded").asLong());
        assertThat(s.path("latency").path("buckets").size()).isGreaterThan(10);
        assertThat(s.path("batch_size").path("count").asLong()).isPositive();
    }

    static final Set<String> TERMINAL = Set.of("succeeded", "failed", "cancelled");
}
