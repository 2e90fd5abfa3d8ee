package dev.lvlmserve.serving.store;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Decides that a lease has expired without comparing clocks: it remembers, per claim generation, what the
 * generation's files looked like and since when (this process's monotonic clock), and calls the lease expired once
 * they have not changed for the time to live. The holders' clocks and the file server's never enter; a process
 * that has just started has seen nothing yet and so waits a whole time to live before it calls any lease expired.
 * (client-go's leader election reads its Lease objects the same way.)
 */
final class LeaseObserver {
    private record Seen(String fingerprint, long since) {}

    private final long ttlNanos;
    private final LongSupplier nanos;
    private final Map<Path, Seen> seen = new ConcurrentHashMap<>();

    LeaseObserver(long ttlNanos, LongSupplier nanos) {
        this.ttlNanos = ttlNanos;
        this.nanos = nanos;
    }

    /** True when {@code fingerprint} is what this process has seen in {@code generation} for at least the TTL. */
    boolean expired(Path generation, String fingerprint) {
        long now = nanos.getAsLong();
        Seen s = seen.compute(generation, (k, old) -> old != null && old.fingerprint().equals(fingerprint) ? old
                : new Seen(fingerprint, now));
        return now - s.since() >= ttlNanos;
    }

    /** Forgets generations that are no longer on disk. */
    void retainOnly(Set<Path> generations) {
        seen.keySet().retainAll(generations);
    }
}
