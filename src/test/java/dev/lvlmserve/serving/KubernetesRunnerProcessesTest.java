package dev.lvlmserve.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.awt.Color;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Prunes as Kubernetes Jobs, end to end as far as this machine allows: a server process with
 * {@code lvlm.jobs.runner=kubernetes} talks to fabric8's mock API server (in this JVM, CRUD mode) instead of a
 * cluster. The test plays the kubelet: it runs the created Job's container arguments ({@code prune-job <id>}) as
 * a process of its own on the shared directory, and sets the Jobs' status conditions as the Job controller would.
 * What a real cluster adds (scheduling, image pulls, volume mounts, the token) is not exercised here.
 */
@EnableKubernetesMockClient(crud = true)
class KubernetesRunnerProcessesTest {
    static final String ADMIN = "k8s-admin";
    static KubernetesClient client;
    static KubernetesMockServer server;
    static ReplicaProcess replica;
    static Path data;
    static Path model;

    @BeforeAll
    static void start() throws Exception {
        data = ServingFixtures.tempDir("lvlm-k8s-runner-");
        model = ServingFixtures.tinyModel();
        Path template = data.resolveSibling(data.getFileName() + "-job.yaml");
        Files.writeString(template, """
                apiVersion: batch/v1
                kind: Job
                spec:
                  backoffLimit: 0
                  template:
                    spec:
                      restartPolicy: Never
                      containers:
                        - name: prune
                          image: lvlm-serve:test
                """);
        Map<String, String> kube = Map.of("KUBERNETES_MASTER", server.url("/"), "KUBERNETES_TRUST_CERTIFICATES",
                "true", "KUBERNETES_AUTH_TRYKUBECONFIG", "false", "KUBERNETES_AUTH_TRYSERVICEACCOUNT", "false");
        replica = ReplicaProcess.start("server", data, model, ADMIN, Path.of("target", "k8s-runner-processes"),
                kube, "--lvlm.jobs.runner=kubernetes", "--lvlm.jobs.kubernetes.job-template=" + template,
                "--lvlm.jobs.kubernetes.namespace=lvlm");
        replica.awaitReady(System.nanoTime() + 120_000_000_000L);
    }

    @AfterAll
    static void stop() throws InterruptedException {
        replica.close();
    }

    @Test
    void aPruneRunsAsAJobWhosePodWritesTheVariantIntoTheStore() throws Exception {
        TestHttp.Res created = replica.http.postJson("/v1/variants", Map.of("base", "fixture", "ratio", 0.25,
                "method", "last-n", "name", "k8s-v", "activate_on_success", true));
        assertEquals(202, created.status(), created.text());
        String id = created.json().path("id").asString();
        assertThat(created.json().path("kubernetes").path("name").asString()).isEqualTo("lvlm-prune-" + id);
        assertThat(created.json().path("kubernetes").path("phase").asString()).isEqualTo("pending");
        Job job = client.batch().v1().jobs().inNamespace("lvlm").withName("lvlm-prune-" + id).get();
        List<String> args = job.getSpec().getTemplate().getSpec().getContainers().getFirst().getArgs();
        assertThat(args).containsExactly("prune-job", id);
        assertEquals(409, replica.http.postJson("/v1/variants", Map.of("ratio", 0.25, "method", "last-n",
                "name", "other")).status(), "one job at a time on the replica that accepted it");

        // the kubelet's part: the container runs the jar with the Job's arguments, configured like the server
        List<String> pod = new ArrayList<>(List.of("dev.lvlmserve.Main"));
        pod.addAll(args);
        for (String s : ReplicaProcess.settings("pod", data, model)) {
            pod.addAll(List.of("--set", s));
        }
        Process p = ReplicaProcess.java(pod, Path.of("target", "k8s-runner-processes", "pod.log"), Map.of()).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("the pod finished").isTrue();
        assertThat(p.exitValue()).as(Files.readString(Path.of("target", "k8s-runner-processes", "pod.log")))
                .isZero();
        setCondition(id, "Complete", null);

        JsonNode done = await(id, s -> s.equals("succeeded"));
        assertThat(done.path("replica").asString()).startsWith("pod-");
        assertThat(done.path("activated").asBoolean()).isTrue();
        assertThat(done.path("kubernetes").path("phase").asString()).isEqualTo("succeeded");
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!"k8s-v".equals(replica.http.get("/v1/variants").json().path("default").asString())) {
            assertThat(System.nanoTime()).as("the server takes in the pod's variant and default").isLessThan(deadline);
            Thread.sleep(50);
        }
        TestHttp.Res answer = replica.http.postMultipart("/v1/vqa", Map.of("image",
                ServingFixtures.png(Color.CYAN, 32), "question", "what color"));
        assertEquals(200, answer.status(), answer.text());
        assertThat(answer.json().path("variant").asString()).isEqualTo("k8s-v");
        awaitFinishedCount("succeeded", 1); // the pod has no scrape: the server reports its jobs' outcomes
    }

    /** A Job that fails without its pod reporting (deadline, eviction) fails the job and frees the name at once. */
    @Test
    void aFailedJobFailsTheJobAndACancelledPendingJobIsDeleted() throws Exception {
        String first = create("k8s-fail");
        setCondition(first, "Failed", "DeadlineExceeded");
        JsonNode failed = await(first, s -> !s.equals("queued") && !s.equals("running"));
        assertThat(failed.path("state").asString()).isEqualTo("failed");
        assertThat(failed.path("error").asString()).contains("DeadlineExceeded");

        String second = create("k8s-fail"); // the name is free again
        TestHttp.Res cancel = replica.http.delete("/v1/jobs/" + second);
        assertEquals(200, cancel.status(), cancel.text());
        JsonNode cancelled = await(second, s -> !s.equals("queued") && !s.equals("running"));
        assertThat(cancelled.path("state").asString()).isEqualTo("cancelled");
        assertThat(client.batch().v1().jobs().inNamespace("lvlm").withName("lvlm-prune-" + second).get())
                .as("a Job cancelled before its pod ran is deleted").isNull();
        assertEquals(404, replica.http.get("/v1/variants/k8s-fail").status());
        awaitFinishedCount("failed", 1);
        awaitFinishedCount("cancelled", 1);
    }

    /**
     * A job whose replica died before its Job's pod ran (saved in the store, its claim never there or expired) is
     * settled as failed by this replica, which deletes the Job still waiting for a node: its pod would only fail.
     */
    @Test
    void anAbandonedJobIsSettledAndItsPendingJobDeleted() throws Exception {
        String id = "job-0ddba11e";
        String jobName = "lvlm-prune-" + id;
        client.batch().v1().jobs().inNamespace("lvlm").resource(new JobBuilder().withNewMetadata().withName(jobName)
                .endMetadata().withNewSpec().withNewTemplate().withNewSpec().addNewContainer().withName("prune")
                .withImage("lvlm-serve:test").endContainer().endSpec().endTemplate().endSpec().build()).create();
        Files.createDirectories(data.resolve("jobs"));
        Files.writeString(data.resolve("jobs").resolve(id + ".json"), """
                {"id": "%s", "state": "queued", "stage": "queued", "percent": 0, "base": "fixture",
                 "method": "last-n", "ratio": 0.25, "variant": "k8s-orphan", "activate_on_success": false,
                 "cancel_requested": false, "created_at": "2026-01-01T00:00:00Z", "activated": false,
                 "replica": "a-replica-that-died-1", "kubernetes": {"name": "%s", "namespace": "lvlm",
                 "phase": "pending"}}
                """.formatted(id, jobName));
        JsonNode settled = await(id, s -> !s.equals("queued") && !s.equals("running"));
        assertThat(settled.path("state").asString()).isEqualTo("failed");
        long deadline = System.nanoTime() + 15_000_000_000L; // a poll or two; generous on a busy machine
        while (client.batch().v1().jobs().inNamespace("lvlm").withName(jobName).get() != null) {
            assertThat(System.nanoTime()).as("the abandoned job's pending Job is deleted").isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    /** Waits until the server's {@code lvlm_prune_jobs_total} for {@code outcome} is exactly {@code n}. */
    private static void awaitFinishedCount(String outcome, int n) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        double seen;
        while ((seen = finishedCount(outcome)) != n) {
            assertThat(System.nanoTime()).as("lvlm_prune_jobs_total{outcome=" + outcome + "} is " + seen + ", not "
                    + n).isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    private static double finishedCount(String outcome) {
        double sum = 0;
        for (String line : replica.http.get("/actuator/prometheus").text().split("\n")) {
            if (line.startsWith("lvlm_prune_jobs_total{") && line.contains("outcome=\"" + outcome + "\"")) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    private static String create(String name) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (true) {
            TestHttp.Res res = replica.http.postJson("/v1/variants", Map.of("ratio", 0.25, "method", "last-n",
                    "name", name));
            if (res.status() == 202) {
                return res.json().path("id").asString();
            }
            assertEquals(409, res.status(), res.text()); // the other test's job is still this replica's active one
            assertThat(System.nanoTime()).as(res.text()).isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    private static JsonNode await(String id, Predicate<String> state) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (true) {
            JsonNode j = replica.http.get("/v1/jobs/" + id).json();
            if (state.test(j.path("state").asString())) {
                return j;
            }
            assertThat(System.nanoTime()).as("job " + id + ": " + j + "\n" + replica.tail()).isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    private static void setCondition(String id, String type, String reason) {
        Job job = client.batch().v1().jobs().inNamespace("lvlm").withName("lvlm-prune-" + id).get();
        client.batch().v1().jobs().inNamespace("lvlm").resource(new JobBuilder(job).withNewStatus()
                .addNewCondition().withType(type).withStatus("True").withReason(reason).endCondition().endStatus()
                .build()).updateStatus();
    }
}
