package dev.lvlmserve.serving.jobs.kubernetes;

import dev.lvlmserve.serving.jobs.KubernetesJobState;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import java.util.List;

/**
 * A Job's status and its pods' as one phase and reason: {@code succeeded} or {@code failed} from the Job's
 * conditions (with the Job's reason, e.g. {@code BackoffLimitExceeded}, {@code DeadlineExceeded}, or the pod's,
 * e.g. {@code OOMKilled}); {@code running} while a pod runs; otherwise {@code pending}, with what the pod waits for
 * ({@code ContainerCreating}, {@code ImagePullBackOff}, {@code Unschedulable}).
 */
final class JobStates {
    private JobStates() {}

    static KubernetesJobState of(Job job, List<Pod> pods) {
        String name = job.getMetadata().getName();
        String ns = job.getMetadata().getNamespace();
        JobCondition done = condition(job, "Complete");
        if (done != null || job.getStatus() != null && nz(job.getStatus().getSucceeded()) > 0) {
            return new KubernetesJobState(name, ns, "succeeded", null, null);
        }
        JobCondition failed = condition(job, "Failed");
        if (failed != null) {
            String podReason = podReason(pods);
            return new KubernetesJobState(name, ns, "failed", podReason != null ? podReason : failed.getReason(),
                    failed.getMessage());
        }
        for (Pod p : pods) {
            if (p.getStatus() != null && "Running".equals(p.getStatus().getPhase())) {
                return new KubernetesJobState(name, ns, "running", null, null);
            }
        }
        return new KubernetesJobState(name, ns, "pending", podReason(pods), null);
    }

    private static JobCondition condition(Job job, String type) {
        if (job.getStatus() == null || job.getStatus().getConditions() == null) {
            return null;
        }
        return job.getStatus().getConditions().stream()
                .filter(c -> type.equals(c.getType()) && "True".equals(c.getStatus())).findFirst().orElse(null);
    }

    /** The newest pod's container waiting or termination reason, else its scheduling condition's reason. */
    private static String podReason(List<Pod> pods) {
        for (Pod p : pods.reversed()) {
            if (p.getStatus() == null) {
                continue;
            }
            for (ContainerStatus c : p.getStatus().getContainerStatuses()) {
                if (c.getState() != null && c.getState().getWaiting() != null) {
                    return c.getState().getWaiting().getReason();
                }
                if (c.getState() != null && c.getState().getTerminated() != null) {
                    return c.getState().getTerminated().getReason();
                }
            }
            for (var cond : p.getStatus().getConditions()) {
                if ("PodScheduled".equals(cond.getType()) && "False".equals(cond.getStatus())) {
                    return cond.getReason();
                }
            }
        }
        return null;
    }

    private static int nz(Integer i) {
        return i == null ? 0 : i;
    }
}
