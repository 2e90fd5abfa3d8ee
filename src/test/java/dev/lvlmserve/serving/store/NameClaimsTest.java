package dev.lvlmserve.serving.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The claim protocol on a real directory, with each replica a {@link NameClaims} of its own and a clock the test
 * moves (the heartbeat thread is slowed to an hour, so beats happen only when the test calls them). The
 * multi-process test ({@code SharedStoreProcessesTest}) runs the same protocol across JVMs.
 */
class NameClaimsTest {
    static final Duration TTL = Duration.ofSeconds(30);
    final AtomicLong now = new AtomicLong(1_000_000_000L);

    NameClaims replica(Path data, String id) {
        return new NameClaims(data, id, TTL, Duration.ofSeconds(29), now::get);
    }

    void advance(Duration d) {
        now.addAndGet(d.toNanos());
    }

    @Test
    void ofManyClaimantsRacingForOneNameExactlyOneWins(@TempDir Path data) throws Exception {
        int n = 8;
        List<NameClaims> replicas = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            replicas.add(replica(data, "r" + i));
        }
        ExecutorService pool = Executors.newFixedThreadPool(n);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Optional<Claim>>> results = new ArrayList<>();
        for (NameClaims r : replicas) {
            results.add(pool.submit(() -> {
                go.await();
                return r.tryClaim("v", "job-" + r.holder());
            }));
        }
        go.countDown();
        int won = 0;
        for (Future<Optional<Claim>> f : results) {
            won += f.get().isPresent() ? 1 : 0;
        }
        pool.shutdown();
        replicas.forEach(NameClaims::close);
        assertThat(won).isEqualTo(1);
        assertThat(Generations.list(data.resolve("claims/v"))).containsExactly("g0000000001");
    }

    @Test
    void aReleasedClaimFreesTheNameAtOnce(@TempDir Path data) {
        try (NameClaims a = replica(data, "a"); NameClaims b = replica(data, "b")) {
            Claim c = a.tryClaim("v", "job-1").orElseThrow();
            assertThat(b.tryClaim("v", "job-2")).isEmpty();
            assertThat(b.live("v")).map(Lease::job).contains("job-1");
            c.release();
            assertThat(b.live("v")).isEmpty();
            Claim next = b.tryClaim("v", "job-2").orElseThrow();
            assertThat(next.generation()).isEqualTo("g0000000002");
        }
    }

    /**
     * A holder that stops beating (killed) leaves a claim that expires one TTL after another replica first saw it
     * unchanged: not before, however old its files are, because no clock but the observer's own is read.
     */
    @Test
    void aClaimWithoutHeartbeatsExpiresOneTtlAfterAnObserverSawItLast(@TempDir Path data) {
        try (NameClaims dead = replica(data, "dead"); NameClaims b = replica(data, "b")) {
            Claim c = dead.tryClaim("v", "job-1").orElseThrow();
            assertThat(b.tryClaim("v", "job-2")).isEmpty(); // b starts watching
            advance(TTL.minusSeconds(1));
            assertThat(c.beat()).isTrue(); // still alive: a beat changes the files
            advance(Duration.ofSeconds(2));
            assertThat(b.tryClaim("v", "job-2")).as("the beat restarted b's clock").isEmpty();
            advance(TTL); // no beat for a whole TTL since b saw the last one
            Claim taken = b.tryClaim("v", "job-2").orElseThrow();
            assertThat(taken.generation()).isEqualTo("g0000000002");
            // the old holder notices on its next beat, and can no longer commit
            assertThat(c.beat()).isFalse();
            assertThat(c.lost()).contains("newer claim");
            assertThatThrownBy(c::verifyHeld).isInstanceOf(ClaimLostException.class);
            taken.verifyHeld();
        }
    }

    @Test
    void aFreshObserverWaitsAWholeTtlHoweverOldTheClaim(@TempDir Path data) {
        try (NameClaims dead = replica(data, "dead")) {
            dead.tryClaim("v", "job-1").orElseThrow();
        }
        advance(Duration.ofHours(1));
        try (NameClaims late = replica(data, "late")) {
            assertThat(late.tryClaim("v", "job-2")).isEmpty();
            advance(TTL);
            assertThat(late.tryClaim("v", "job-2")).isPresent();
        }
    }

    @Test
    void aSecondHolderJoinsAndKeepsTheClaimAliveAfterTheFirstDies(@TempDir Path data) {
        try (NameClaims replica = replica(data, "replica"); NameClaims pod = replica(data, "pod");
                NameClaims observer = replica(data, "observer")) {
            replica.tryClaim("v", "job-1").orElseThrow();
            assertThat(pod.join("v", "job-other")).isEmpty();
            Claim joined = pod.join("v", "job-1").orElseThrow();
            assertThat(observer.tryClaim("v", "job-2")).isEmpty();
            for (int i = 0; i < 3; i++) { // the replica is gone; the pod's beats alone keep the claim
                advance(TTL.minusSeconds(1));
                assertThat(joined.beat()).isTrue();
                assertThat(observer.tryClaim("v", "job-2")).isEmpty();
            }
            joined.release();
            assertThat(observer.tryClaim("v", "job-2")).isPresent();
        }
    }

    @Test
    void theSweepRemovesOldGenerationsAndAClaimWhoseDirectoryVanishedIsLost(@TempDir Path data) throws Exception {
        try (NameClaims a = replica(data, "a")) {
            a.tryClaim("v", "job-1").orElseThrow().release();
            a.tryClaim("v", "job-2").orElseThrow().release();
            Claim third = a.tryClaim("v", "job-3").orElseThrow();
            a.sweep();
            assertThat(Generations.list(data.resolve("claims/v"))).containsExactly("g0000000003");
            NameClaims.deleteTree(data.resolve("claims/v/g0000000003"));
            assertThat(third.beat()).isFalse();
            assertThat(third.lost()).contains("gone");
            assertThat(Files.exists(data.resolve("claims/v/g0000000003"))).isFalse();
        }
    }
}
