package dev.lvlmserve.serving.jobs;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The Kubernetes Job that runs a prune, as the API server reports it when the job resource is read.
 *
 * @param name the Job's name in {@code namespace}
 * @param phase {@code pending} (created, no pod running yet), {@code running}, {@code succeeded}, {@code failed},
 *     or {@code unknown} (the API server could not be asked; {@code message} says why) or {@code gone} (deleted)
 * @param reason the Job's failure reason or its pod's waiting / termination reason (e.g. {@code ImagePullBackOff},
 *     {@code OOMKilled}), when there is one
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record KubernetesJobState(String name, String namespace, String phase, String reason, String message) {
    /** As created, before the API server has been asked again. */
    static KubernetesJobState created(String name, String namespace) {
        return new KubernetesJobState(name, namespace, "pending", null, null);
    }
}
