package dev.lvlmserve.serving.jobs.kubernetes;

import dev.lvlmserve.serving.config.KubernetesJobsProperties;
import dev.lvlmserve.serving.config.LvlmProperties;
import dev.lvlmserve.serving.jobs.JobCluster;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The Kubernetes runner's beans, present only with {@code lvlm.jobs.runner=kubernetes}. The client configures
 * itself the usual way: in a pod, from the mounted service-account token and {@code KUBERNETES_SERVICE_HOST}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "lvlm.jobs.runner", havingValue = "kubernetes")
public class KubernetesJobsConfig {
    @Bean(destroyMethod = "close")
    KubernetesClient kubernetesClient() {
        return new KubernetesClientBuilder().build();
    }

    @Bean
    JobCluster jobCluster(KubernetesClient client, LvlmProperties properties) throws IOException {
        KubernetesJobsProperties k = properties.jobs().kubernetes();
        if (k.jobTemplate() == null) {
            throw new IllegalStateException("lvlm.jobs.runner=kubernetes needs lvlm.jobs.kubernetes.job-template");
        }
        Job template;
        try (InputStream in = Files.newInputStream(k.jobTemplate())) {
            template = Serialization.unmarshal(in, Job.class);
        }
        String namespace = k.namespace() != null && !k.namespace().isBlank() ? k.namespace()
                : System.getenv("POD_NAMESPACE") != null ? System.getenv("POD_NAMESPACE") : client.getNamespace();
        return new Fabric8JobCluster(client, namespace == null ? "default" : namespace, template, k.namePrefix());
    }
}
