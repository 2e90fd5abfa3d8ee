package dev.lvlmserve.serving.store;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * Who holds a claim generation and why: {@code lease.json}, written once by the claimant before anything else
 * depends on the claim. Liveness is not in it: that is the heartbeat files beside it.
 *
 * @param name the variant name claimed
 * @param generation the claim generation's directory name ({@code g0000000001}, …)
 * @param job the prune job the claim was taken for
 * @param owner the replica that took it
 */
public record Lease(String name, String generation, String job, String owner,
        @JsonProperty("created_at") Instant createdAt) {}
