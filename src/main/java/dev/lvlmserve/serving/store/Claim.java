package dev.lvlmserve.serving.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A claim generation this process holds: it writes its own heartbeat file ({@code beat-<holder>}) on every beat
 * and never another holder's, so no two processes ever write one file. A beat also checks that the generation is
 * still the newest and not ended; if not, the claim is lost and whoever builds under it must stop.
 */
public final class Claim {
    private final Path generation;
    private final Lease lease;
    private final String holder;
    private final Consumer<Claim> ended;
    private final AtomicLong beats = new AtomicLong();
    private volatile String lost;
    private volatile boolean released;

    Claim(Path generation, Lease lease, String holder, Consumer<Claim> ended) {
        this.generation = generation;
        this.lease = lease;
        this.holder = holder;
        this.ended = ended;
    }

    public String name() {
        return lease.name();
    }

    public String generation() {
        return lease.generation();
    }

    public Lease lease() {
        return lease;
    }

    /** The directory under {@code variants/} the variant is written into before it is renamed into place. */
    public String stagingName() {
        return staging(name(), generation());
    }

    static String staging(String name, String generation) {
        return ".tmp-" + name + "@" + generation;
    }

    /** Why the claim is lost, or null while it is held. */
    public String lost() {
        return lost;
    }

    /** Throws unless the claim is still this holder's: the last check before a variant is renamed into place. */
    public void verifyHeld() {
        if (lost == null && !released) {
            check();
        }
        if (lost != null || released) {
            throw new ClaimLostException("the claim on " + name() + " is no longer held: "
                    + (lost != null ? lost : "released"));
        }
    }

    /** Writes this holder's heartbeat and checks the claim; false once it is lost or released. */
    synchronized boolean beat() {
        if (lost != null || released) {
            return false;
        }
        try {
            StoreFiles.writeAtomically(generation.resolve(Generations.BEAT + holder), StoreFiles.JSON
                    .writeValueAsString(Map.of("holder", holder, "beat", beats.incrementAndGet(), "at",
                            Instant.now().toString())));
        } catch (IOException | RuntimeException e) {
            lose("its directory is gone (" + e.getMessage() + ")");
            return false;
        }
        check();
        return lost == null;
    }

    private void check() {
        if (!Files.isDirectory(generation)) {
            lose("its directory is gone");
        } else if (!generation.getFileName().toString().equals(Generations.newest(generation.getParent()))) {
            lose("a newer claim exists (this one expired and was taken over)");
        } else if (Generations.released(generation)) {
            lose("another holder ended it");
        }
    }

    private void lose(String why) {
        if (lost == null) {
            lost = why;
            ended.accept(this);
        }
    }

    /** Ends the claim: the name is free for the next claimant at once. Idempotent. */
    public synchronized void release() {
        if (released) {
            return;
        }
        released = true;
        ended.accept(this);
        if (lost != null) {
            return; // not ours to end any more
        }
        try {
            StoreFiles.writeAtomically(generation.resolve(Generations.RELEASED), holder);
        } catch (IOException | RuntimeException e) {
            // the lease then expires on its own, one time to live later
        }
    }
}
