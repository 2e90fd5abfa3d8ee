package dev.lvlmserve.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.Color;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The shared-store protocol for real: three server processes (separate JVMs, started from the test classpath)
 * share one data directory. One name asked of all three at once is accepted by exactly one; the builder is killed
 * with SIGKILL mid-build, its claim expires and its half-written staging directory is swept, never listed; a
 * variant built on one replica is listed, activated and deleted on the others within the documented delay (poll
 * 250 ms and lease TTL 3 s here; the defaults are 2 s and 30 s). The timings it measured are printed.
 */
class SharedStoreProcessesTest {
    static final String ADMIN = "shared-admin";
    /** Poll interval + a scheduling margin on a busy 2-core machine: how late a replica may see a change. */
    static final long SEEN_WITHIN_MS = 5_000;
    static final List<ReplicaProcess> replicas = new ArrayList<>();
    static Path data;

    @BeforeAll
    static void startThree() throws Exception {
        data = ServingFixtures.tempDir("lvlm-shared-store-");
        Path model = ServingFixtures.tinyModel();
        Path logs = Path.of("target", "shared-store-processes");
        for (String n : List.of("a", "b", "c")) {
            replicas.add(ReplicaProcess.start(n, data, model, ADMIN, logs));
        }
        long deadline = System.nanoTime() + 150_000_000_000L;
        for (ReplicaProcess r : replicas) {
            r.awaitReady(deadline);
        }
    }

    @AfterAll
    static void stop() throws InterruptedException {
        for (ReplicaProcess r : replicas) {
            r.close();
        }
    }

    @Test
    void threeReplicasShareOneStore() throws Exception {
        ReplicaProcess builder = concurrentCreatesOfOneNameAcceptExactlyOne();
        List<ReplicaProcess> rest = replicas.stream().filter(r -> r != builder).toList();
        aKilledBuilderLeavesAClaimThatExpiresAndNothingHalfWritten(builder, rest.get(0), rest.get(1));
        aVariantBuiltOnOneIsServedActivatedAndDeletedOnTheOther(rest.get(0), rest.get(1));
    }

    private ReplicaProcess concurrentCreatesOfOneNameAcceptExactlyOne() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(replicas.size());
        CountDownLatch go = new CountDownLatch(1);
        List<Future<TestHttp.Res>> answers = new ArrayList<>();
        for (ReplicaProcess r : replicas) {
            answers.add(pool.submit(() -> {
                go.await();
                return r.http.postJson("/v1/variants", Map.of("base", "fixture", "ratio", 0.25, "method",
                        "test-slow", "name", "race"));
            }));
        }
        go.countDown();
        ReplicaProcess winner = null;
        int conflicts = 0;
        for (int i = 0; i < replicas.size(); i++) {
            TestHttp.Res res = answers.get(i).get();
            if (res.status() == 202) {
                assertThat(winner).as("a second 202: " + res.text()).isNull();
                winner = replicas.get(i);
            } else {
                assertEquals(409, res.status(), res.text());
                assertThat(res.json().path("code").asString()).isIn("name_claimed", "name_taken");
                conflicts++;
            }
        }
        pool.shutdown();
        assertThat(winner).as("exactly one replica accepted the name").isNotNull();
        assertThat(conflicts).isEqualTo(replicas.size() - 1);
        return winner;
    }

    /**
     * The builder dies (kill -9) while its build is in progress and after it had begun writing the variant: the
     * staging directory of its claim holds half a recipe. While it lives, the other replicas' sweeps leave that
     * directory alone; once it is dead, the claim expires, the directory is swept, the job is settled as failed,
     * and the name can be claimed again. The variant is never listed anywhere.
     */
    private void aKilledBuilderLeavesAClaimThatExpiresAndNothingHalfWritten(ReplicaProcess builder,
            ReplicaProcess b, ReplicaProcess c) throws Exception {
        String job = awaitState(b, Predicate.isEqual("running")).path("id").asString();
        JsonNode seen = b.http.get("/v1/jobs/" + job).json();
        assertThat(seen.path("replica").asString()).as("another replica shows the job and where it runs")
                .isEqualTo(builder.replicaId());
        Path staging = data.resolve("variants/.tmp-race@g0000000001");
        Files.createDirectories(staging);
        Files.writeString(staging.resolve("recipe.json"), "{\"format_version\": 2, \"base\": {"); // torn
        Thread.sleep(4 * 250 + 3_000); // several sweeps on b and c, longer than the TTL: the live claim keeps it
        assertThat(staging).as("a live claim's build is left alone").exists();

        builder.kill();
        long killed = System.nanoTime();
        long freeMs = -1;
        while (freeMs < 0) {
            assertNotListed("race", b, c);
            TestHttp.Res res = b.http.postJson("/v1/variants", Map.of("base", "fixture", "ratio", 0.25, "method",
                    "test-slow", "name", "race"));
            if (res.status() == 202) {
                freeMs = (System.nanoTime() - killed) / 1_000_000;
                assertEquals(200, b.http.delete("/v1/jobs/" + res.json().path("id").asString()).status());
            } else {
                assertEquals(409, res.status(), res.text());
                assertThat((System.nanoTime() - killed) / 1_000_000).as("the claim expires within TTL + polls")
                        .isLessThan(3_000 + SEEN_WITHIN_MS);
                Thread.sleep(100);
            }
        }
        System.out.printf("shared store: the killed builder's name was free again after %d ms (TTL 3000 ms)%n",
                freeMs);
        assertThat(freeMs).as("not before the TTL: the lease was live until the kill").isGreaterThanOrEqualTo(2_500);
        awaitTrue(() -> !Files.exists(staging), "the dead claim's staging directory is swept");
        JsonNode settled = awaitState(c, job, s -> !s.equals("running"));
        assertThat(settled.path("state").asString()).isEqualTo("failed");
        awaitState(b, Predicate.isEqual("cancelled"));
        assertNotListed("race", b, c);
    }

    private void aVariantBuiltOnOneIsServedActivatedAndDeletedOnTheOther(ReplicaProcess b, ReplicaProcess c)
            throws Exception {
        TestHttp.Res created = b.http.postJson("/v1/variants", Map.of("base", "fixture", "ratio", 0.25, "method",
                "last-n", "name", "shared-v", "activate_on_success", true));
        assertEquals(202, created.status(), created.text());
        String job = created.json().path("id").asString();
        JsonNode done = awaitState(c, job, s -> !s.equals("queued") && !s.equals("running"));
        assertThat(done.path("state").asString()).as(done.toString()).isEqualTo("succeeded");
        long built = System.nanoTime();
        awaitTrue(() -> "shared-v".equals(c.http.get("/v1/variants").json().path("default").asString()),
                "c lists the new variant as its default");
        long seenMs = (System.nanoTime() - built) / 1_000_000;
        TestHttp.Res answer = c.http.postMultipart("/v1/vqa", Map.of("image", ServingFixtures.png(Color.CYAN, 32),
                "question", "what color"));
        assertEquals(200, answer.status(), answer.text());
        assertThat(answer.json().path("variant").asString()).as("c serves b's variant as its default")
                .isEqualTo("shared-v");

        assertEquals(200, c.http.post("/v1/variants/fixture/activate", null, new byte[0]).status());
        long activated = System.nanoTime();
        awaitTrue(() -> "fixture".equals(b.http.get("/v1/variants").json().path("default").asString()),
                "b follows c's activation");
        long activationMs = (System.nanoTime() - activated) / 1_000_000;

        assertEquals(204, c.http.delete("/v1/variants/shared-v").status());
        long deleted = System.nanoTime();
        awaitTrue(() -> b.http.get("/v1/variants/shared-v").status() == 404, "b forgets the deleted variant");
        long deletionMs = (System.nanoTime() - deleted) / 1_000_000;
        assertEquals(404, b.http.postJson("/v1/vqa", Map.of("question", "what", "model", "shared-v", "image",
                java.util.Base64.getEncoder().encodeToString(ServingFixtures.png(Color.RED, 32)))).status());
        System.out.printf("shared store: seen on the other replica after: new variant + default %d ms, activation "
                + "%d ms, deletion %d ms (poll 250 ms)%n", seenMs, activationMs, deletionMs);
        try (Stream<Path> left = Files.list(data.resolve("variants"))) {
            assertThat(left.map(p -> p.getFileName().toString())).doesNotContain("shared-v");
        }
    }

    private static void assertNotListed(String name, ReplicaProcess... rs) {
        for (ReplicaProcess r : rs) {
            JsonNode list = r.http.get("/v1/variants").json().path("variants");
            list.forEach(v -> assertThat(v.path("name").asString()).as("listed on " + r.name).isNotEqualTo(name));
        }
    }

    /** The first job of {@code r}'s list whose state matches, waited for. */
    private static JsonNode awaitState(ReplicaProcess r, Predicate<String> state) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            for (JsonNode j : r.http.get("/v1/jobs").json()) {
                if (state.test(j.path("state").asString())) {
                    return j;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no job in that state on " + r.name + ":\n" + r.tail());
    }

    private static JsonNode awaitState(ReplicaProcess r, String id, Predicate<String> state)
            throws InterruptedException {
        long deadline = System.nanoTime() + 90_000_000_000L;
        while (System.nanoTime() < deadline) {
            JsonNode j = r.http.get("/v1/jobs/" + id).json();
            if (state.test(j.path("state").asString())) {
                return j;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("job " + id + " never reached that state on " + r.name + ":\n" + r.tail());
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + SEEN_WITHIN_MS * 1_000_000L;
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as(what + " within " + SEEN_WITHIN_MS + " ms").isLessThan(deadline);
            Thread.sleep(50);
        }
    }
}
