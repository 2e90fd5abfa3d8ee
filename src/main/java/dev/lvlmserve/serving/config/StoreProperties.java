package dev.lvlmserve.serving.config;

import java.time.Duration;

/**
 * The data directory as a store shared by several replicas (docs/deploy.md, "The shared store").
 *
 * @param pollInterval how often a replica looks for other replicas' new and deleted variants, default-variant
 *     changes, expired claims and orphaned temporary directories; also the bound (plus the volume's attribute
 *     cache) on how late it sees them
 * @param leaseTtl a claim on a variant name whose heartbeats have not changed for this long, as one replica has
 *     watched it, has expired and the name is free again
 * @param heartbeatInterval how often a holder renews its claims (well under the TTL)
 * @param replicaId this process's name in heartbeat files and job records (default: the pod or host name and
 *     the process id)
 */
public record StoreProperties(Duration pollInterval, Duration leaseTtl, Duration heartbeatInterval, String replicaId) {
    public StoreProperties {
        pollInterval = pollInterval == null ? Duration.ofSeconds(2) : pollInterval;
        leaseTtl = leaseTtl == null ? Duration.ofSeconds(30) : leaseTtl;
        heartbeatInterval = heartbeatInterval == null ? Duration.ofSeconds(5) : heartbeatInterval;
        if (pollInterval.isNegative() || pollInterval.isZero() || heartbeatInterval.isNegative()
                || heartbeatInterval.isZero() || heartbeatInterval.compareTo(leaseTtl) >= 0) {
            throw new IllegalArgumentException("lvlm.store: poll-interval and heartbeat-interval must be positive and "
                    + "heartbeat-interval shorter than lease-ttl");
        }
    }

    public static StoreProperties defaults() {
        return new StoreProperties(null, null, null, null);
    }
}
