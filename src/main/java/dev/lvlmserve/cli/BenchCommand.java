package dev.lvlmserve.cli;

import ai.djl.Device;
import ai.djl.pytorch.jni.JniUtils;
import dev.lvlmserve.eval.MachineLimits;
import dev.lvlmserve.eval.MachineRates;
import dev.lvlmserve.eval.OpProfile;
import dev.lvlmserve.eval.Roofline;
import dev.lvlmserve.eval.ThroughputBench;
import dev.lvlmserve.model.Placement;
import dev.lvlmserve.model.llava.LlavaCheckpoint;
import dev.lvlmserve.model.llava.LlavaModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "bench", mixinStandardHelpOptions = true,
        footer = {"", "Example: ./lvlm-serve bench --batches 1,8 --no-sweep"},
        description = "Resident memory against the weights after loading; prefill and decode tokens/s at batch 1 and "
                + "8 as ratios of this machine's GEMM rate and memory read bandwidth; where the time goes (libtorch's "
                + "profiler). A benchmark, not a test: run it on an idle machine, compare ratios from one run.")
final class BenchCommand implements Callable<Integer> {
    @Mixin
    ModelOption model;

    @Option(names = "--batches", split = ",", defaultValue = "1,8")
    List<Integer> batches;

    @Option(names = "--text-tokens", defaultValue = "32", description = "text tokens around the image")
    int textTokens;

    @Option(names = "--new-tokens", defaultValue = "16")
    int newTokens;

    @Option(names = "--reps", defaultValue = "3")
    int reps;

    @Option(names = "--memory-only", description = "load, report memory, stop (float16 on a CPU is slow)")
    boolean memoryOnly;

    @Option(names = "--no-sweep", description = "skip the sweep of libtorch's linear over 1-16 rows (it allocates "
            + "550 MB of weights to stream)")
    boolean noSweep;

    @Option(names = "--no-profile", description = "skip the extra profiled run per batch size that says where the "
            + "time goes")
    boolean noProfile;

    @Override
    public Integer call() throws Exception {
        Path dir = model.resolve();
        Placement placement = model.placement();
        MachineLimits limits = MachineLimits.measure(placement.device(), placement.dtype());
        System.out.printf(Locale.ROOT, "machine: %d cores, libtorch %d threads; first measurement: %s GEMM %.1f "
                + "GFLOP/s (1024²), memory read %.1f GB/s (sum over 1 GiB), read+write %.1f GB/s (a += b)%n",
                Runtime.getRuntime().availableProcessors(), JniUtils.getNumThreads(), placement.dtypeName(),
                limits.gemmGflops(), limits.readGbs(), limits.readWriteGbs());
        if (!memoryOnly && !noSweep && placement.device().equals(Device.cpu())) {
            StringBuilder linear = new StringBuilder();
            for (int rows : new int[] {1, 2, 4, 8, 16}) {
                linear.append(String.format(Locale.ROOT, "%s%d rows %.1f", linear.isEmpty() ? "" : ", ", rows,
                        MachineRates.linearGbs(rows, 2048, 5632, 12, 3)));
            }
            System.out.println("libtorch fp32 linear 2048 → 5632, weights streamed (GB/s of weights): " + linear);
        }
        long rssBefore = MachineRates.residentBytes();
        long t0 = System.nanoTime();
        try (LlavaModel m = LlavaCheckpoint.loadModel(dir, placement)) {
            double load = (System.nanoTime() - t0) / 1e9;
            long weights = m.totalBytes();
            long rss = MachineRates.residentBytes();
            System.out.printf(Locale.ROOT, "model %s on %s %s: %.1f M parameters, %.1f MB of weights, loaded in "
                    + "%.2f s; resident %.1f MB = %.2f × the weights (%.1f MB before loading)%n", dir,
                    placement.deviceName(), placement.dtypeName(), weights / (double) m.dtype().getNumOfBytes() / 1e6,
                    weights / 1e6, load, rss / 1e6, rss / (double) weights, rssBefore / 1e6);
            if (!memoryOnly) {
                speed(m, placement, limits);
            }
        }
        return 0;
    }

    /**
     * Times every batch size, measuring the machine again after each, then prints every ratio against the best
     * rates seen in the whole run (on a shared machine a single measurement can land in someone else's burst).
     */
    private void speed(LlavaModel m, Placement placement, MachineLimits first) throws Exception {
        Map<Integer, ThroughputBench.Result> results = new LinkedHashMap<>();
        MachineLimits best = first;
        for (int b : batches) {
            results.put(b, ThroughputBench.run(m, b, textTokens, newTokens, reps));
            best = best.max(MachineLimits.measure(placement.device(), placement.dtype()));
        }
        System.out.printf(Locale.ROOT, "limits (best of %d measurements in this run): %s GEMM %.1f GFLOP/s, memory "
                + "read %.1f GB/s, read+write %.1f GB/s%n", batches.size() + 1, placement.dtypeName(),
                best.gemmGflops(), best.readGbs(), best.readWriteGbs());
        Roofline roof = Roofline.of(m);
        ThroughputBench.Result one = results.get(1);
        for (ThroughputBench.Result r : results.values()) {
            System.out.println(line(r, roof, best, one));
        }
        if (!noProfile) {
            for (int b : batches) {
                Path trace = Files.createTempFile("lvlm-bench-trace-", ".json");
                try {
                    OpProfile.Result p = OpProfile.profile(
                            () -> ThroughputBench.once(m, b, textTokens, newTokens), trace);
                    System.out.printf(Locale.ROOT, "batch %2d, where the time goes (libtorch profiler, one run):%n"
                            + "  prefill: %s%n  decode (%d steps): %s%n", b, p.prefill().describe(),
                            p.decodeSteps(), p.decode().describe());
                } finally {
                    Files.deleteIfExists(trace);
                }
            }
        }
    }

    private String line(ThroughputBench.Result r, Roofline roof, MachineLimits limits, ThroughputBench.Result one) {
        int b = r.batch();
        int prompt = r.promptTokens();
        double prefillBound = limits.gemmGflops() * 1e9 / (roof.prefillFlops(b, prompt) / (b * prompt));
        double bytes = roof.decodeBytes(b, prompt + newTokens / 2);
        double decodeBound = b * limits.readGbs() * 1e9 / bytes;
        double readWriteBound = b * limits.readWriteGbs() * 1e9 / bytes;
        String s = String.format(Locale.ROOT, "batch %2d: prefill %8.1f tok/s = %3.0f %% of the GEMM bound %.0f "
                + "tok/s (%d-token prompts) | decode %7.1f tok/s = %3.0f %% of the read-bandwidth bound %.1f tok/s "
                + "(%.0f %% of the read+write one, %.1f)", b, r.prefillTokensPerSecond(),
                100 * r.prefillTokensPerSecond() / prefillBound, prefillBound, prompt, r.decodeTokensPerSecond(),
                100 * r.decodeTokensPerSecond() / decodeBound, decodeBound,
                100 * r.decodeTokensPerSecond() / readWriteBound, readWriteBound);
        if (b != 1 && one != null) {
            s += String.format(Locale.ROOT, " | %.1f × batch 1",
                    r.decodeTokensPerSecond() / one.decodeTokensPerSecond());
        }
        return s;
    }
}
