package dev.lvlmserve.cli;

import ai.djl.ndarray.types.DataType;
import ai.djl.pytorch.jni.JniUtils;
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
        double gemm = MachineRates.gemmGflops(1024, 5);
        double read = MachineRates.readBandwidthGbs(1024, 5);
        double triad = MachineRates.memoryBandwidthGbs(256, 5);
        System.out.printf(Locale.ROOT, "machine: %d cores, libtorch %d threads; fp32 GEMM %.1f GFLOP/s (1024²); "
                + "memory read %.1f GB/s (sum over 1 GiB), read+write %.1f GB/s (a += b, 3 streams)%n",
                Runtime.getRuntime().availableProcessors(), JniUtils.getNumThreads(), gemm, read, triad);
        if (!memoryOnly && !noSweep) {
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
                double modelGemm = gemm;
                if (m.dtype() != DataType.FLOAT32) {
                    modelGemm = MachineRates.gemmGflops(1024, 3, m.dtype());
                    System.out.printf(Locale.ROOT, "%s GEMM %.1f GFLOP/s (1024²): the prefill bound below%n",
                            placement.dtypeName(), modelGemm);
                }
                speed(m, Roofline.of(m), modelGemm, read, triad);
            }
        }
        return 0;
    }

    private void speed(LlavaModel m, Roofline roof, double gemm, double read, double triad) throws Exception {
        Map<Integer, ThroughputBench.Result> results = new LinkedHashMap<>();
        for (int b : batches) {
            ThroughputBench.Result r = ThroughputBench.run(m, b, textTokens, newTokens, reps);
            results.put(b, r);
            int prompt = r.promptTokens();
            double prefillBound = gemm * 1e9 / (roof.prefillFlops(b, prompt) / (b * prompt));
            int midContext = prompt + newTokens / 2;
            double decodeBound = b * read * 1e9 / roof.decodeBytes(b, midContext);
            double triadBound = b * triad * 1e9 / roof.decodeBytes(b, midContext);
            System.out.printf(Locale.ROOT, "batch %2d: prefill %8.1f tok/s = %3.0f %% of the GEMM bound %.0f tok/s "
                    + "(%d-token prompts) | decode %7.1f tok/s = %3.0f %% of the read-bandwidth bound %.1f tok/s "
                    + "(%.0f %% of the read+write one, %.1f)", b, r.prefillTokensPerSecond(),
                    100 * r.prefillTokensPerSecond() / prefillBound, prefillBound, prompt,
                    r.decodeTokensPerSecond(), 100 * r.decodeTokensPerSecond() / decodeBound, decodeBound,
                    100 * r.decodeTokensPerSecond() / triadBound, triadBound);
            ThroughputBench.Result one = results.get(1);
            if (b != 1 && one != null) {
                System.out.printf(Locale.ROOT, " | %.1f × batch 1", r.decodeTokensPerSecond()
                        / one.decodeTokensPerSecond());
            }
            System.out.println();
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
}
