package dev.lvlmserve.serving.jobs.kubernetes;

import dev.lvlmserve.serving.jobs.JobCluster;
import dev.lvlmserve.serving.jobs.KubernetesJobState;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.List;
import java.util.Map;

/**
 * Creates, reads and deletes prune Jobs with fabric8. The Job is the template with a name, two labels (the job id,
 * and a component label that keeps its pod out of the Service's selector) and the container's arguments
 * {@code prune-job <id>} (the image's entrypoint is the jar). The Role the chart grants is what this class calls:
 * Jobs create, get and delete; pods list.
 */
public final class Fabric8JobCluster implements JobCluster {
    static final String JOB_ID = "lvlm-serve.dev/job-id";
    static final String COMPONENT = "app.kubernetes.io/component";

    private final KubernetesClient client;
    private final String namespace;
    private final Job template;
    private final String prefix;

    public Fabric8JobCluster(KubernetesClient client, String namespace, Job template, String prefix) {
        if (template.getSpec() == null || template.getSpec().getTemplate() == null
                || template.getSpec().getTemplate().getSpec() == null
                || template.getSpec().getTemplate().getSpec().getContainers().size() != 1) {
            throw new IllegalArgumentException("lvlm.jobs.kubernetes.job-template must be a Job with one container");
        }
        this.client = client;
        this.namespace = namespace;
        this.template = template;
        this.prefix = prefix;
    }

    @Override
    public String jobName(String jobId) {
        return prefix + "-" + jobId;
    }

    @Override
    public String namespace() {
        return namespace;
    }

    @Override
    public void create(String jobId) {
        Map<String, String> labels = Map.of(JOB_ID, jobId, COMPONENT, "prune-job");
        Job job = new JobBuilder(template)
                .editOrNewMetadata().withName(jobName(jobId)).withNamespace(namespace).addToLabels(labels)
                .endMetadata()
                .editSpec().editTemplate().editOrNewMetadata().addToLabels(labels).endMetadata()
                .editSpec().editFirstContainer().withArgs(List.of("prune-job", jobId)).endContainer()
                .endSpec().endTemplate().endSpec()
                .build();
        client.batch().v1().jobs().inNamespace(namespace).resource(job).create();
    }

    @Override
    public KubernetesJobState state(String jobId) {
        String name = jobName(jobId);
        try {
            Job job = client.batch().v1().jobs().inNamespace(namespace).withName(name).get();
            if (job == null) {
                return new KubernetesJobState(name, namespace, "gone", null, "the Job no longer exists");
            }
            return JobStates.of(job, client.pods().inNamespace(namespace).withLabel(JOB_ID, jobId).list()
                    .getItems());
        } catch (KubernetesClientException e) {
            return new KubernetesJobState(name, namespace, "unknown", null, "the API server could not be asked"
                    + (e.getCode() > 0 ? " (HTTP " + e.getCode() + ")" : "") + ": " + e.getMessage());
        }
    }

    @Override
    public void delete(String jobId) {
        client.batch().v1().jobs().inNamespace(namespace).withName(jobName(jobId))
                .withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
    }
}
