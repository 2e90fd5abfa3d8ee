package dev.lvlmserve.serving.jobs.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lvlmserve.serving.jobs.KubernetesJobState;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The Kubernetes runner's client side against fabric8's mock API server (CRUD mode): no cluster runs here, so
 * what a real API server, scheduler and kubelet do (admission, status updates, pods) is played by the test
 * writing those objects itself. What is proven: the Job the server creates, how Job and pod states read back, the
 * deletion, an unreachable API server — and that the requests made need exactly the chart's Role.
 */
@EnableKubernetesMockClient(crud = true)
class Fabric8JobClusterTest {
    static KubernetesClient client;
    static KubernetesMockServer server;

    static final String TEMPLATE = """
            apiVersion: batch/v1
            kind: Job
            metadata:
              labels: {app.kubernetes.io/name: lvlm-serve, app.kubernetes.io/instance: lvlm}
            spec:
              backoffLimit: 0
              activeDeadlineSeconds: 21600
              ttlSecondsAfterFinished: 86400
              template:
                metadata:
                  labels: {app.kubernetes.io/name: lvlm-serve-prune}
                spec:
                  restartPolicy: Never
                  automountServiceAccountToken: false
                  containers:
                    - name: prune
                      image: registry.example.com/lvlm-serve:0.1.0
                      env: [{name: LVLM_DATA_DIR, value: /data}]
                      volumeMounts: [{name: data, mountPath: /data}]
                  volumes:
                    - name: data
                      persistentVolumeClaim: {claimName: lvlm-data}
            """;

    Fabric8JobCluster cluster;

    @BeforeEach
    void setUp() {
        server.reset();
        cluster = new Fabric8JobCluster(client, "lvlm", Serialization.unmarshal(TEMPLATE, Job.class), "lvlm-prune");
    }

    @Test
    void theJobIsTheTemplateWithANameLabelsAndThePruneJobCommand() {
        cluster.create("job-1a2b3c4d");
        Job job = client.batch().v1().jobs().inNamespace("lvlm").withName("lvlm-prune-job-1a2b3c4d").get();
        assertThat(job).isNotNull();
        assertThat(job.getMetadata().getLabels()).containsEntry("app.kubernetes.io/instance", "lvlm")
                .containsEntry(Fabric8JobCluster.JOB_ID, "job-1a2b3c4d")
                .containsEntry(Fabric8JobCluster.COMPONENT, "prune-job");
        var pod = job.getSpec().getTemplate();
        assertThat(pod.getMetadata().getLabels()).containsEntry(Fabric8JobCluster.JOB_ID, "job-1a2b3c4d")
                .containsEntry(Fabric8JobCluster.COMPONENT, "prune-job");
        var container = pod.getSpec().getContainers().getFirst();
        assertThat(container.getArgs()).containsExactly("prune-job", "job-1a2b3c4d");
        assertThat(container.getImage()).isEqualTo("registry.example.com/lvlm-serve:0.1.0");
        assertThat(container.getVolumeMounts().getFirst().getMountPath()).isEqualTo("/data");
        assertThat(pod.getSpec().getVolumes().getFirst().getPersistentVolumeClaim().getClaimName())
                .isEqualTo("lvlm-data");
        assertThat(job.getSpec().getBackoffLimit()).isZero();
        assertThat(job.getSpec().getActiveDeadlineSeconds()).isEqualTo(21600L);
    }

    @Test
    void statesFollowTheJobAndItsPod() {
        cluster.create("job-1");
        assertThat(cluster.state("job-1").phase()).isEqualTo("pending");
        Pod pod = client.pods().inNamespace("lvlm").resource(new PodBuilder().withNewMetadata()
                .withName("lvlm-prune-job-1-x7").addToLabels(Fabric8JobCluster.JOB_ID, "job-1").endMetadata()
                .withNewStatus().withPhase("Pending").addNewContainerStatus().withName("prune").withNewState()
                .withNewWaiting().withReason("ImagePullBackOff").endWaiting().endState().endContainerStatus()
                .endStatus().build()).create();
        KubernetesJobState waiting = cluster.state("job-1");
        assertThat(waiting.phase()).isEqualTo("pending");
        assertThat(waiting.reason()).isEqualTo("ImagePullBackOff");

        client.pods().inNamespace("lvlm").resource(new PodBuilder(pod).editStatus().withPhase("Running")
                .withContainerStatuses(List.of()).endStatus().build()).updateStatus();
        assertThat(cluster.state("job-1").phase()).isEqualTo("running");

        client.pods().inNamespace("lvlm").resource(new PodBuilder(pod).editStatus().withPhase("Failed")
                .editFirstContainerStatus().withNewState().withNewTerminated().withReason("OOMKilled").withExitCode(137)
                .endTerminated().endState().endContainerStatus().endStatus().build()).updateStatus();
        setJobCondition("job-1", "Failed", "BackoffLimitExceeded");
        KubernetesJobState failed = cluster.state("job-1");
        assertThat(failed.phase()).isEqualTo("failed");
        assertThat(failed.reason()).as("the pod's reason says more than the Job's").isEqualTo("OOMKilled");

        cluster.create("job-2");
        setJobCondition("job-2", "Complete", null);
        assertThat(cluster.state("job-2").phase()).isEqualTo("succeeded");
        assertThat(cluster.state("job-2").name()).isEqualTo("lvlm-prune-job-2");
        assertThat(cluster.state("job-2").namespace()).isEqualTo("lvlm");
    }

    @Test
    void deleteRemovesTheJobAndAGoneJobSaysSo() {
        cluster.create("job-3");
        cluster.delete("job-3");
        assertThat(client.batch().v1().jobs().inNamespace("lvlm").withName("lvlm-prune-job-3").get()).isNull();
        assertThat(cluster.state("job-3").phase()).isEqualTo("gone");
        cluster.delete("job-3"); // already gone: no error
    }

    @Test
    void anUnreachableApiServerReadsAsUnknownWithTheReason() {
        try (KubernetesClient nowhere = new KubernetesClientBuilder().withConfig(new ConfigBuilder()
                .withMasterUrl("http://127.0.0.1:1").withRequestRetryBackoffLimit(0).withConnectionTimeout(2000)
                .build()).build()) {
            KubernetesJobState s = new Fabric8JobCluster(nowhere, "lvlm", Serialization.unmarshal(TEMPLATE,
                    Job.class), "lvlm-prune").state("job-4");
            assertThat(s.phase()).isEqualTo("unknown");
            assertThat(s.message()).contains("could not be asked");
        }
    }

    /**
     * Every request the runner makes, mapped to RBAC verbs, is exactly what the chart's Role grants (read from
     * templates/rbac.yaml): jobs create, get and delete; pods list. Nothing more is granted, nothing less is used.
     */
    @Test
    void theChartsRoleGrantsExactlyWhatTheClientUses() throws Exception {
        int before = server.getRequestCount();
        cluster.create("job-5");
        cluster.state("job-5");
        cluster.delete("job-5");
        Set<String> used = new TreeSet<>();
        for (int i = before; i < server.getRequestCount(); i++) {
            RecordedRequest r = server.takeRequest(5, TimeUnit.SECONDS);
            used.add(verb(r));
        }
        assertThat(used).isEqualTo(granted());
    }

    private static String verb(RecordedRequest r) {
        String path = r.getPath().replaceFirst("\\?.*", "");
        String[] parts = path.split("/");
        boolean named = path.matches(".*/namespaces/[^/]+/[^/]+/[^/]+");
        String resource = named ? parts[parts.length - 2] : parts[parts.length - 1];
        String group = path.startsWith("/apis/") ? parts[2] : "";
        String verb = switch (r.getMethod()) {
            case "POST" -> "create";
            case "DELETE" -> "delete";
            case "GET" -> named ? "get" : r.getPath().contains("watch=true") ? "watch" : "list";
            default -> r.getMethod().toLowerCase(java.util.Locale.ROOT);
        };
        return group + "/" + resource + ":" + verb;
    }

    private static Set<String> granted() throws Exception {
        String rbac = Files.readString(Path.of("helm/lvlm-serve/templates/rbac.yaml"));
        String rules = rbac.substring(rbac.indexOf("rules:"), rbac.indexOf("---"));
        JsonNode parsed = new YAMLMapper().readTree(rules);
        Set<String> out = new TreeSet<>();
        for (JsonNode rule : parsed.path("rules")) {
            for (JsonNode g : rule.path("apiGroups")) {
                for (JsonNode res : rule.path("resources")) {
                    for (JsonNode v : rule.path("verbs")) {
                        out.add(g.asString() + "/" + res.asString() + ":" + v.asString());
                    }
                }
            }
        }
        return out;
    }

    private static void setJobCondition(String id, String type, String reason) {
        Job job = client.batch().v1().jobs().inNamespace("lvlm").withName("lvlm-prune-" + id).get();
        Job updated = new JobBuilder(job).withNewStatus().addNewCondition().withType(type).withStatus("True")
                .withReason(reason).endCondition().endStatus().build();
        client.batch().v1().jobs().inNamespace("lvlm").resource(updated).updateStatus();
    }
}
