package dev.lvlmserve.cli;

import dev.lvlmserve.eval.MachineRates;
import dev.lvlmserve.eval.ThroughputBench;
import dev.lvlmserve.model.llava.LlavaCheckpoint;
import dev.lvlmserve.model.llava.LlavaModel;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Prefill and decode tokens/s at batch 1 and 8, next to this machine's GEMM rate and memory "
                + "bandwidth (a benchmark, not a test).")
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

    @Override
    public Integer call() throws Exception {
        Path dir = model.resolve();
        double gemm = MachineRates.gemmGflops(1024, 5);
        double bandwidth = MachineRates.memoryBandwidthGbs(256, 5);
        System.out.printf(Locale.ROOT, "machine: fp32 GEMM %.1f GFLOP/s (1024²), memory bandwidth %.1f GB/s, "
                + "%d cores%n", gemm, bandwidth, Runtime.getRuntime().availableProcessors());
        long rssBefore = MachineRates.residentBytes();
        long t0 = System.nanoTime();
        try (LlavaModel m = LlavaCheckpoint.loadModel(dir, null)) {
            double load = (System.nanoTime() - t0) / 1e9;
            long weights = m.totalBytes();
            long rss = MachineRates.residentBytes();
            System.out.printf(Locale.ROOT, "model %s: %.1f M parameters, %.1f MB fp32, loaded in %.2f s; resident "
                    + "memory %.1f MB (+%.1f MB while loading)%n", dir, weights / 4e6, weights / 1e6, load,
                    rss / 1e6, (rss - rssBefore) / 1e6);
            long params = weights / 4;
            for (int b : batches) {
                ThroughputBench.Result r = ThroughputBench.run(m, b, textTokens, newTokens, reps);
                double prefillBound = gemm * 1e9 / (2.0 * params);
                System.out.printf(Locale.ROOT, "batch %2d: prefill %8.1f tok/s (%d-token prompts; GEMM bound "
                        + "%.0f tok/s) | decode %7.1f tok/s", b, r.prefillTokensPerSecond(), r.promptTokens(),
                        prefillBound, r.decodeTokensPerSecond());
                if (b == 1) {
                    System.out.printf(Locale.ROOT, " (memory-bandwidth bound %.1f tok/s)",
                            bandwidth * 1e9 / weights);
                }
                System.out.println();
            }
        }
        return 0;
    }
}
