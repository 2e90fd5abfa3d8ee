package dev.lvlmserve.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lvlmserve.serving.config.LvlmProperties;
import dev.lvlmserve.serving.engine.FeatureCache;
import dev.lvlmserve.serving.jobs.JobState;
import dev.lvlmserve.serving.jobs.JobView;
import dev.lvlmserve.serving.jobs.PruneJobService;
import dev.lvlmserve.serving.jobs.QualityProbe;
import dev.lvlmserve.serving.metrics.JobMetrics;
import dev.lvlmserve.serving.metrics.ServingMetrics;
import dev.lvlmserve.serving.variants.VariantEntry;
import dev.lvlmserve.serving.variants.VariantRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.awt.Color;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.springframework.context.ApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The prune-job scenarios of the random-port test: create → progress → succeeded → activated → answers come from
 * the variant → a second registry over the same data directory finds it and the default → delete; and cancelling
 * a running job.
 */
final class PruneLifecycle {
    private final TestHttp http;
    private final String admin;
    private final Path data;
    private final ApplicationContext context;

    PruneLifecycle(TestHttp http, String admin, Path data, ApplicationContext context) {
        this.http = http;
        this.admin = admin;
        this.data = data;
        this.context = context;
    }

    void run() throws Exception {
        TestHttp.Res created = http.postJson("/v1/variants", Map.of("base", "fixture", "ratio", 0.25,
                "method", "last-n", "name", "fixture-last1", "activate_on_success", true,
                "quality_gate", Map.of("min_retention", 0.0, "samples", 4)), "X-Admin-Key", admin);
        assertEquals(202, created.status(), created.text());
        String id = created.json().path("id").asString();
        assertThat(created.header("Location")).isEqualTo("/v1/jobs/" + id);
        JsonNode job = awaitJob(id);
        assertThat(job.path("state").asString()).as(job.toString()).isEqualTo("succeeded");
        assertThat(job.path("percent").asDouble()).isEqualTo(100.0);
        assertThat(job.path("recipe").path("removed_layers").toString()).isEqualTo("[3]");
        assertThat(job.path("gate").path("samples").asInt()).isEqualTo(4);
        assertThat(job.path("activated").asBoolean()).isTrue();

        JsonNode variants = http.get("/v1/variants").json();
        assertThat(variants.path("default").asString()).isEqualTo("fixture-last1");
        JsonNode v = http.get("/v1/variants/fixture-last1").json();
        assertThat(v.path("base").asString()).isEqualTo("fixture");
        assertThat(v.path("removed_layers").toString()).isEqualTo("[3]");
        assertThat(v.path("retained_layers").asInt()).isEqualTo(3);
        assertThat(v.path("loaded").asBoolean()).isTrue();
        assertThat(v.path("default").asBoolean()).isTrue();
        assertThat(v.path("method").asString()).isEqualTo("last-n");
        assertThat(v.path("recipe").path("report").path("method").asString()).isEqualTo("last-n");
        assertThat(v.path("owned_bytes").asLong()).isZero(); // removal alone shares every tensor with the base
        assertThat(v.path("parameters").asLong()).isLessThan(http.get("/v1/variants/fixture").json()
                .path("parameters").asLong());
        TestHttp.Res report = http.get("/v1/variants/fixture-last1/report");
        assertEquals(200, report.status());
        assertThat(report.contentType()).isEqualTo("image/png");
        assertThat(ImageIO.read(new ByteArrayInputStream(report.body())).getWidth()).isGreaterThan(100);

        TestHttp.Res answer = http.postMultipart("/v1/vqa", Map.of("image", ServingFixtures.png(Color.CYAN, 32),
                "question", "what color"));
        assertEquals(200, answer.status(), answer.text());
        assertThat(answer.json().path("variant").asString()).isEqualTo("fixture-last1");

        restartFindsTheVariantAndTheDefault();
        widthVariant();
        recoveredVariant();
        aCrashedJobIsMadeCoherentOnRestart(id);

        assertEquals(409, http.delete("/v1/variants/fixture-last1", "X-Admin-Key", admin).status());
        assertEquals(200, http.post("/v1/variants/fixture/activate", null, new byte[0], "X-Admin-Key", admin)
                .status());
        assertEquals(204, http.delete("/v1/variants/fixture-last1", "X-Admin-Key", admin).status());
        assertEquals(404, http.get("/v1/variants/fixture-last1").status());
        assertThat(Files.exists(data.resolve("variants").resolve("fixture-last1"))).isFalse();
        assertThat(http.postMultipart("/v1/vqa", Map.of("image", ServingFixtures.png(Color.CYAN, 32),
                "question", "what color")).json().path("variant").asString()).isEqualTo("fixture");
    }

    /**
     * A second registry over the same data directory (as after a restart): finds the variant and the default,
     * deletes a half-written temporary directory, skips a copy whose checksum does not match, and loads the
     * variant from its persisted files.
     */
    private void restartFindsTheVariantAndTheDefault() throws Exception {
        Path variants = data.resolve("variants");
        Path halfWritten = Files.createDirectories(variants.resolve(".tmp-crashed-1234"));
        Files.writeString(halfWritten.resolve("plan.json"), "{");
        Path damaged = variants.resolve("damaged");
        copyTree(variants.resolve("fixture-last1"), damaged);
        Files.writeString(damaged.resolve("entry.json"), Files.readString(damaged.resolve("entry.json"))
                .replace("fixture-last1", "damaged"));
        LvlmProperties properties = context.getBean(LvlmProperties.class);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        VariantRegistry second = new VariantRegistry(properties, new FeatureCache(properties, meters),
                new ServingMetrics(meters));
        try {
            assertThat(second.list().stream().map(VariantEntry::name)).containsExactly("fixture", "fixture-last1");
            assertThat(second.defaultName()).isEqualTo("fixture-last1");
            assertThat(Files.exists(halfWritten)).isFalse();
            second.start();
            assertThat(second.acquire(null).pipeline().model().languageModel().layerIds()).containsExactly(0, 1, 2);
        } finally {
            second.close();
            deleteTree(damaged);
        }
    }

    /**
     * kill -9 after the variant was written but before the job finished (and before its activation): the job file
     * still says running, the default still names the base. A new job service over the same data directory
     * completes the job and, once the models are loaded, activates its variant. A job killed while calibrating
     * reports that stage.
     */
    private void aCrashedJobIsMadeCoherentOnRestart(String id) throws Exception {
        Path jobs = data.resolve("jobs");
        ObjectNode crashed = (ObjectNode) TestHttp.JSON.readTree(jobs.resolve(id + ".json").toFile());
        crashed.put("state", "running").put("stage", "saving").put("activated", false).remove("recipe");
        Files.writeString(jobs.resolve(id + ".json"), crashed.toString());
        ObjectNode calibrating = crashed.deepCopy();
        calibrating.put("id", "job-calibrating").put("stage", "calibrate").put("variant", "never-built");
        Files.writeString(jobs.resolve("job-calibrating.json"), calibrating.toString());
        Files.writeString(data.resolve("default.json"), "{\"default\":\"fixture\"}");
        LvlmProperties properties = context.getBean(LvlmProperties.class);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        VariantRegistry registry = new VariantRegistry(properties, new FeatureCache(properties, meters),
                new ServingMetrics(meters));
        PruneJobService service = new PruneJobService(registry, List.of(), context.getBean(QualityProbe.class),
                new JobMetrics(meters), properties, java.util.Optional.empty());
        try {
            registry.start();
            JobView recovered = service.get(id);
            assertThat(recovered.state()).isEqualTo(JobState.SUCCEEDED);
            assertThat(recovered.recipe().get("report")).isInstanceOfSatisfying(java.util.Map.class,
                report -> assertThat(report.get("method")).isEqualTo("last-n"));
            assertThat(recovered.activated()).isFalse();
            assertThat(registry.defaultName()).isEqualTo("fixture");
            service.activateRecovered(); // what ApplicationReadyEvent does once the models are loaded
            assertThat(registry.defaultName()).isEqualTo("fixture-last1");
            assertThat(service.get(id).activated()).isTrue();
            JobView killed = service.get("job-calibrating");
            assertThat(killed.state()).isEqualTo(JobState.FAILED);
            assertThat(killed.stage()).isEqualTo("calibrate");
            assertThat(killed.error()).contains("restart");
        } finally {
            service.shutdown();
            registry.close();
        }
    }

    /** A width method through the same API: layers 1–2 narrowed, the widths shown, served, deleted. */
    private void widthVariant() throws Exception {
        TestHttp.Res created = http.postJson("/v1/variants", Map.of("base", "fixture", "ratio", 0.2,
                "method", "width-random", "name", "fixture-width", "options", Map.of("layers", "1-2", "gqa",
                        "heads")), "X-Admin-Key", admin);
        assertEquals(202, created.status(), created.text());
        JsonNode job = awaitJob(created.json().path("id").asString());
        assertThat(job.path("state").asString()).as(job.toString()).isEqualTo("succeeded");
        JsonNode v = http.get("/v1/variants/fixture-width").json();
        assertThat(v.path("method").asString()).isEqualTo("width-random");
        assertThat(v.path("layers").size()).isEqualTo(4);
        assertThat(v.path("layers").get(0).path("neurons").asInt()).isEqualTo(128);
        assertThat(v.path("layers").get(1).path("neurons").asInt()).isLessThan(128);
        assertThat(v.path("layers").get(1).path("heads").asInt()).isEqualTo(2);
        assertThat(v.path("recipe").path("widths").has("1")).isTrue();
        assertThat(v.path("owned_percent_of_base").asDouble()).isGreaterThan(0);
        assertThat(v.path("recipe").path("report").path("parameters").path("decoder_removed_fraction").asDouble())
                .isCloseTo(0.2, org.assertj.core.data.Offset.offset(0.01));
        TestHttp.Res answer = http.postJson("/v1/vqa", Map.of("question", "what color", "model", "fixture-width",
                "image", java.util.Base64.getEncoder().encodeToString(ServingFixtures.png(Color.CYAN, 32))));
        assertEquals(200, answer.status(), answer.text());
        assertThat(answer.json().path("variant").asString()).isEqualTo("fixture-width");
        TestHttp.Res report = http.get("/v1/variants/fixture-width/report");
        assertEquals(200, report.status());
        assertEquals(204, http.delete("/v1/variants/fixture-width", "X-Admin-Key", admin).status());
    }

    /**
     * Prune, recover (LoRA, CE + logit + hidden KD, a few steps), gate, serve: the job reports its recover stage,
     * the variant's recipe holds the adapters as LoRA deltas and the recovery's record, and neither the base nor the
     * variant already loaded changed by a single bit. A bad recovery field is a 422 naming it.
     */
    private void recoveredVariant() throws Exception {
        TestHttp.Res bad = http.postJson("/v1/variants", Map.of("base", "fixture", "ratio", 0.25, "method", "last-n",
                "name", "never", "recovery", Map.of("regime", "lora", "lora_rank", 0)), "X-Admin-Key", admin);
        assertEquals(422, bad.status(), bad.text());
        assertThat(bad.json().path("param").asString()).isEqualTo("recovery.lora_rank");
        TestHttp.Res unknown = http.postJson("/v1/variants", Map.of("base", "fixture", "ratio", 0.25, "method",
                "last-n", "name", "never", "recovery", Map.of("rgime", "lora")), "X-Admin-Key", admin);
        assertEquals(422, unknown.status(), unknown.text());
        TestHttp.Res tooLong = http.postJson("/v1/variants", Map.of("base", "fixture", "ratio", 0.25, "method",
                "last-n", "name", "never", "recovery", Map.of("time_budget_seconds", 1e6)), "X-Admin-Key", admin);
        assertEquals(422, tooLong.status(), tooLong.text());

        VariantRegistry registry = context.getBean(VariantRegistry.class);
        Map<String, int[]> base = bits(registry.basePipeline("fixture").model());
        Map<String, int[]> other = bits(registry.acquire("fixture-last1").pipeline().model());
        TestHttp.Res created = http.postJson("/v1/variants", Map.of("base", "fixture", "ratio", 0.25,
                "method", "short-lvlm", "name", "fixture-recovered", "options", Map.of("rank", 2),
                "quality_gate", Map.of("min_retention", 0.0, "samples", 4),
                "recovery", Map.of("regime", "lora", "loss", "ce+logit+hidden", "steps", 4, "batch_size", 2,
                        "lora_rank", 2, "validation_examples", 2, "validation_samples", 0, "seed", 7)),
                "X-Admin-Key", admin);
        assertEquals(202, created.status(), created.text());
        JsonNode job = awaitJob(created.json().path("id").asString());
        assertThat(job.path("state").asString()).as(job.toString()).isEqualTo("succeeded");
        JsonNode rec = job.path("recovery");
        assertThat(rec.path("regime").asString()).isEqualTo("lora");
        assertThat(rec.path("step").asInt()).isEqualTo(4);
        assertThat(rec.path("total").asInt()).isEqualTo(4);
        assertThat(rec.path("current_loss").asDouble()).isPositive();
        assertThat(rec.path("validation").has("ce")).isTrue();

        JsonNode v = http.get("/v1/variants/fixture-recovered").json();
        JsonNode recipe = v.path("recipe");
        List<String> kinds = new ArrayList<>();
        recipe.path("deltas").forEach(d -> kinds.add(d.path("kind").asString()));
        assertThat(kinds).contains("lora");
        JsonNode record = recipe.path("report").path("recovery");
        assertThat(record.path("steps_run").asInt()).as(record.toString()).isEqualTo(4);
        assertThat(record.path("data").path("seed").asLong()).isEqualTo(7);
        TestHttp.Res answer = http.postJson("/v1/vqa", Map.of("question", "what color", "model", "fixture-recovered",
                "image", java.util.Base64.getEncoder().encodeToString(ServingFixtures.png(Color.CYAN, 32))));
        assertEquals(200, answer.status(), answer.text());
        assertThat(answer.json().path("variant").asString()).isEqualTo("fixture-recovered");

        assertSameBits(base, bits(registry.basePipeline("fixture").model()));
        assertSameBits(other, bits(registry.acquire("fixture-last1").pipeline().model()));
        assertEquals(204, http.delete("/v1/variants/fixture-recovered", "X-Admin-Key", admin).status());
        aRecoveredVariantThatFailsItsGateIsDiscarded(registry);
    }

    /**
     * A second job service over the live registry whose probe reports 30 % retention: the recovered variant fails
     * its 50 % gate, the job fails with the gate's numbers, and no variant of that name exists.
     */
    private void aRecoveredVariantThatFailsItsGateIsDiscarded(VariantRegistry registry) throws Exception {
        LvlmProperties properties = context.getBean(LvlmProperties.class);
        QualityProbe poor = (base, variant, samples, cancelled, progress) -> 0.3;
        PruneJobService service = new PruneJobService(registry,
                List.copyOf(context.getBeansOfType(dev.lvlmserve.serving.jobs.VariantBuilder.class).values()), poor,
                new JobMetrics(new SimpleMeterRegistry()), properties, java.util.Optional.empty());
        try {
            JobView job = service.create(TestHttp.JSON.convertValue(Map.of("base", "fixture", "ratio", 0.25,
                    "method", "last-n", "name", "fixture-poor", "activate_on_success", true,
                    "quality_gate", Map.of("min_retention", 0.5, "samples", 2),
                    "recovery", Map.of("regime", "projector", "loss", "ce", "steps", 2, "batch_size", 2,
                            "validation_examples", 0, "validation_samples", 0)),
                    dev.lvlmserve.serving.jobs.CreateVariantRequest.class));
            long deadline = System.nanoTime() + 120_000_000_000L;
            while (!service.get(job.id()).state().isTerminal()) {
                assertThat(System.nanoTime()).as("job finished in time").isLessThan(deadline);
                Thread.sleep(50);
            }
            JobView done = service.get(job.id());
            assertThat(done.state()).isEqualTo(JobState.FAILED);
            assertThat(done.gate().passed()).isFalse();
            assertThat(done.error()).contains("discarded");
            assertThat(done.recovery().step()).isEqualTo(2);
            assertThat(registry.find("fixture-poor")).isEmpty();
            assertThat(Files.exists(data.resolve("variants").resolve("fixture-poor"))).isFalse();
        } finally {
            service.shutdown();
        }
    }

    /** Every tensor's raw float bits, by key. */
    private static Map<String, int[]> bits(dev.lvlmserve.model.llava.LlavaModel model) {
        Map<String, int[]> out = new java.util.LinkedHashMap<>();
        model.weights().asMap().forEach((k, t) -> {
            try (ai.djl.ndarray.NDArray f = t.toType(ai.djl.ndarray.types.DataType.FLOAT32, true)) {
                float[] x = f.toFloatArray();
                int[] b = new int[x.length];
                for (int i = 0; i < x.length; i++) {
                    b[i] = Float.floatToRawIntBits(x[i]);
                }
                out.put(k, b);
            }
        });
        return out;
    }

    private static void assertSameBits(Map<String, int[]> before, Map<String, int[]> after) {
        assertThat(after.keySet()).isEqualTo(before.keySet());
        before.forEach((k, b) -> assertThat(after.get(k)).as(k + " changed").isEqualTo(b));
    }

    void cancel() throws Exception {
        TestHttp.Res created = http.postJson("/v1/variants", Map.of("ratio", 0.25, "method", "test-slow",
                "name", "slow-one"), "X-Admin-Key", admin);
        assertEquals(202, created.status(), created.text());
        String id = created.json().path("id").asString();
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!http.get("/v1/jobs/" + id, "X-Admin-Key", admin).json().path("state").asString()
                .equals("running")) {
            assertThat(System.nanoTime()).as("job started").isLessThan(deadline);
            Thread.sleep(20);
        }
        TestHttp.Res second = http.postJson("/v1/variants", Map.of("ratio", 0.25, "name", "other"),
                "X-Admin-Key", admin);
        assertEquals(409, second.status(), second.text());
        TestHttp.Res cancelled = http.delete("/v1/jobs/" + id, "X-Admin-Key", admin);
        assertEquals(200, cancelled.status(), cancelled.text());
        assertThat(cancelled.json().path("cancel_requested").asBoolean()).isTrue();
        JsonNode job = awaitJob(id);
        assertThat(job.path("state").asString()).isEqualTo("cancelled");
        assertEquals(404, http.get("/v1/variants/slow-one").status());
        assertEquals(409, http.delete("/v1/jobs/" + id, "X-Admin-Key", admin).status());
        List<String> ids = new ArrayList<>();
        http.get("/v1/jobs", "X-Admin-Key", admin).json().forEach(j -> ids.add(j.path("id").asString()));
        assertThat(ids).contains(id);
    }

    private JsonNode awaitJob(String id) throws InterruptedException {
        long deadline = System.nanoTime() + 120_000_000_000L;
        double lastPercent = -1;
        while (true) {
            JsonNode job = http.get("/v1/jobs/" + id, "X-Admin-Key", admin).json();
            double percent = job.path("percent").asDouble();
            assertThat(percent).as("progress never goes back").isGreaterThanOrEqualTo(lastPercent);
            lastPercent = percent;
            if (ServerRandomPortTest.TERMINAL.contains(job.path("state").asString())) {
                return job;
            }
            assertThat(System.nanoTime()).as("job " + id + " finished in time").isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Files.copy(p, to.resolve(from.relativize(p).toString()));
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
