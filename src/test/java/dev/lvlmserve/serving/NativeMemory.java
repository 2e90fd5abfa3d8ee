package dev.lvlmserve.serving;

import ai.djl.ndarray.NDManager;
import dev.lvlmserve.model.Djl;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the leak check measures: live native arrays under DJL's PyTorch system manager, and the process RSS. */
public final class NativeMemory {
    private NativeMemory() {}

    /** Arrays attached anywhere under the PyTorch engine's system manager (every manager descends from it). */
    public static int liveArrays() {
        try (NDManager probe = Djl.newManager()) {
            return probe.getParentManager().getManagedArrays().size();
        }
    }

    /** Resident set size in KiB, from /proc (0 where there is none). */
    public static long rssKib() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("VmRSS:"))
                    .map(l -> Long.parseLong(l.replaceAll("\\D", ""))).findFirst().orElse(0L);
        } catch (IOException e) {
            return 0;
        }
    }
}
