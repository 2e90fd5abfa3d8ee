package dev.lvlmserve.serving.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Claims on variant names in {@code <data-dir>/claims}, shared by every replica and prune Job on the volume. A
 * claim is taken by {@code mkdir} of the name's next generation: the file server creates the directory or answers
 * that it exists, in one operation, on NFSv3 and v4 alike (and on CephFS, SMB, local disks), so of two claimants
 * exactly one wins; the loser answers 409. The next generation may be taken only once the newest is released or
 * has expired in this process's observation ({@link LeaseObserver}). Held claims are kept alive by a heartbeat
 * thread.
 */
public final class NameClaims implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(NameClaims.class);

    private final Path root;
    private final String holder;
    private final LeaseObserver observer;
    private final Set<Claim> held = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService heartbeat;

    /** @param holder this process's name in heartbeat files ({@link ReplicaId}) */
    public NameClaims(Path dataDir, String holder, Duration ttl, Duration beatEvery) {
        this(dataDir, holder, ttl, beatEvery, System::nanoTime);
    }

    NameClaims(Path dataDir, String holder, Duration ttl, Duration beatEvery, LongSupplier nanos) {
        if (beatEvery.compareTo(ttl) >= 0) {
            throw new IllegalArgumentException("the heartbeat interval must be shorter than the lease's TTL");
        }
        this.root = dataDir.resolve("claims");
        this.holder = holder;
        this.observer = new LeaseObserver(ttl.toNanos(), nanos);
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + root, e);
        }
        this.heartbeat = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform()
                .name("lvlm-store-heartbeat").daemon().unstarted(r));
        heartbeat.scheduleWithFixedDelay(this::beatAll, beatEvery.toMillis(), beatEvery.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    public String holder() {
        return holder;
    }

    /** Claims {@code name} for {@code job}; empty when a live claim holds it or another claimant won the race. */
    public synchronized Optional<Claim> tryClaim(String name, String job) {
        Path nameDir = root.resolve(name);
        try {
            Files.createDirectories(nameDir);
            String newest = Generations.newest(nameDir);
            if (newest != null && !free(nameDir.resolve(newest))) {
                return Optional.empty();
            }
            String generation = Generations.name(newest == null ? 1 : Generations.number(newest) + 1);
            Path dir = nameDir.resolve(generation);
            try {
                Files.createDirectory(dir); // the atomic step: one claimant creates it, the others get EEXIST
            } catch (FileAlreadyExistsException e) {
                return Optional.empty();
            }
            Lease lease = new Lease(name, generation, job, holder, Instant.now());
            StoreFiles.writeAtomically(dir.resolve(Generations.LEASE), StoreFiles.JSON.writeValueAsString(lease));
            Claim claim = hold(dir, lease);
            if (!claim.beat()) { // a claimant with an older view of the directory made a lower generation
                claim.release();
                return Optional.empty();
            }
            return Optional.of(claim);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot claim " + name, e);
        }
    }

    /**
     * Joins the claim another process took on {@code name} for {@code job} (a prune Job continuing what its replica
     * claimed) as a second holder with heartbeats of its own; empty when that claim is no longer the newest or has
     * ended.
     */
    public Optional<Claim> join(String name, String job) {
        String newest = Generations.newest(root.resolve(name));
        Path dir = newest == null ? null : root.resolve(name).resolve(newest);
        Lease lease = dir == null ? null : Generations.lease(dir);
        if (lease == null || !job.equals(lease.job()) || Generations.released(dir)) {
            return Optional.empty();
        }
        Claim claim = hold(dir, lease);
        return claim.beat() ? Optional.of(claim) : Optional.empty();
    }

    private Claim hold(Path dir, Lease lease) {
        Claim claim = new Claim(dir, lease, holder, held::remove);
        held.add(claim);
        return claim;
    }

    /** The lease of the newest claim on {@code name} while it is live (as far as this process has watched it). */
    public Optional<Lease> live(String name) {
        Path nameDir = root.resolve(name);
        String newest = Generations.newest(nameDir);
        if (newest == null || free(nameDir.resolve(newest))) {
            return Optional.empty();
        }
        return Optional.ofNullable(Generations.lease(nameDir.resolve(newest)));
    }

    /** Whether {@code generation} is the newest claim on {@code name} and live. */
    public boolean isLive(String name, String generation) {
        Path nameDir = root.resolve(name);
        return generation.equals(Generations.newest(nameDir)) && !free(nameDir.resolve(generation));
    }

    private boolean free(Path generation) {
        return Generations.released(generation) || observer.expired(generation, Generations.fingerprint(generation));
    }

    /**
     * Looks at every claim (so that expiry is noticed on time, not first when someone asks) and removes generations
     * older than their name's newest, which no one consults any more.
     */
    public void sweep() {
        Set<Path> present = new HashSet<>();
        try (Stream<Path> names = Files.list(root)) {
            for (Path nameDir : names.filter(Files::isDirectory).toList()) {
                List<String> generations = Generations.list(nameDir);
                for (String g : generations) {
                    Path dir = nameDir.resolve(g);
                    boolean isFree = free(dir);
                    if (!g.equals(generations.getLast()) && isFree) {
                        deleteTree(dir);
                    } else {
                        present.add(dir);
                    }
                }
            }
        } catch (IOException | UncheckedIOException e) {
            log.warn("cannot sweep {}: {}", root, e.getMessage());
        }
        observer.retainOnly(present);
    }

    private void beatAll() {
        for (Claim c : List.copyOf(held)) {
            try {
                if (!c.beat()) {
                    log.warn("claim on {} ({}) lost: {}", c.name(), c.generation(), c.lost());
                }
            } catch (RuntimeException e) {
                log.warn("heartbeat for {} failed: {}", c.name(), e.getMessage());
            }
        }
    }

    static void deleteTree(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | UncheckedIOException e) {
            // another replica is removing it too, or it is busy: the next sweep tries again
        }
    }

    /** Stops the heartbeats (the claims then expire one TTL later unless released first). */
    @Override
    public void close() {
        heartbeat.shutdownNow();
    }
}
