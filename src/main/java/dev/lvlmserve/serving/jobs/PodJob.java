package dev.lvlmserve.serving.jobs;

import dev.lvlmserve.serving.store.Claim;
import dev.lvlmserve.serving.variants.VariantRegistry;
import java.io.IOException;

/**
 * What a prune Job pod takes over: the job record and request the accepting replica saved, validated again here
 * (the pod trusts the store no more than the API), and that replica's claim on the variant's name, joined.
 */
final class PodJob {
    private PodJob() {}

    static PruneJob take(String id, JobStore store, PruneRequestValidator validator, VariantRegistry registry)
            throws IOException {
        JobView saved = store.read(id).orElseThrow(() -> new IOException("there is no job " + id + " in the store"));
        if (saved.state().isTerminal()) {
            throw new IllegalStateException("job " + id + " is already " + saved.state().json());
        }
        ValidatedRequest request = validator.validate(store.readRequest(id));
        Claim claim = registry.claims().join(request.spec().name(), id).orElseThrow(() -> new IllegalStateException(
                "the claim on " + request.spec().name() + " for job " + id + " is no longer held"));
        PruneJob job = new PruneJob(id, request, claim, registry.replicaId(), saved.createdAt());
        job.kubernetes(saved.kubernetes());
        if (saved.cancelRequested() || store.cancelAsked(id)) {
            job.cancel();
        }
        return job;
    }
}
