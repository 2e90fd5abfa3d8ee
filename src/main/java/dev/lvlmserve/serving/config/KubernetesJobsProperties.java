package dev.lvlmserve.serving.config;

import java.nio.file.Path;

/**
 * The Kubernetes runner of prune jobs ({@code lvlm.jobs.runner=kubernetes}).
 *
 * @param jobTemplate a batch/v1 Job manifest (YAML) that every prune's Job copies: the Helm chart renders it from
 *     the server's own pod (image, volumes, configuration, security context, resources); the server sets the name,
 *     the labels and the container's arguments
 * @param namespace where the Jobs are created (default: {@code POD_NAMESPACE}, else the client's namespace)
 * @param namePrefix Job names are {@code <prefix>-<job id>}
 */
public record KubernetesJobsProperties(Path jobTemplate, String namespace, String namePrefix) {
    public KubernetesJobsProperties {
        namePrefix = namePrefix == null || namePrefix.isBlank() ? "lvlm-prune" : namePrefix;
    }
}
