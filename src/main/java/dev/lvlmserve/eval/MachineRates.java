package dev.lvlmserve.eval;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.lvlmserve.model.Djl;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What this machine can do, measured through the same libtorch the model uses: the fp32 GEMM rate (the bound on
 * prefill) and the streaming memory bandwidth — read-only (the bound on decode, which reads every weight once per
 * token and writes almost nothing) and read-modify-write (what the first version of this benchmark used: it counts
 * the write stream too, and on this kind of machine reads 1.5× the read-only rate, a bound decode cannot reach).
 */
public final class MachineRates {
    private MachineRates() {}

    /** GFLOP/s of an n×n fp32 matmul, best of a few repetitions. */
    public static double gemmGflops(int n, int reps) {
        return gemmGflops(n, reps, DataType.FLOAT32);
    }

    /** As {@link #gemmGflops(int, int)} in {@code dtype} (a float16 model's prefill is bound by float16 GEMMs). */
    public static double gemmGflops(int n, int reps, DataType dtype) {
        return gemmGflops(n, reps, dtype, Device.cpu());
    }

    /**
     * As {@link #gemmGflops(int, int, DataType)} on {@code device}; each product is read back as one number, which
     * waits for a GPU to finish it.
     */
    public static double gemmGflops(int n, int reps, DataType dtype, Device device) {
        try (NDManager m = Djl.engine().newBaseManager(device)) {
            NDArray a = m.randomNormal(new Shape(n, n)).toType(dtype, false);
            NDArray b = m.randomNormal(new Shape(n, n)).toType(dtype, false);
            finish(a.matMul(b)); // warm-up
            double best = Double.MAX_VALUE;
            for (int i = 0; i < reps; i++) {
                long t = System.nanoTime();
                finish(a.matMul(b));
                best = Math.min(best, (System.nanoTime() - t) / 1e9);
            }
            return 2.0 * n * n * n / best / 1e9;
        }
    }

    /** Reads one element of {@code a} (a device sync) and frees it. */
    private static void finish(NDArray a) {
        try (a; NDArray one = a.get(0, 0)) {
            one.toType(DataType.FLOAT32, false).getFloat();
        }
    }

    /**
     * GB/s of {@code a += b} over arrays far larger than the caches (two reads and one write per element). In place,
     * so no fresh output pages are faulted in on each repetition (that made the first version read ~2× low).
     */
    public static double memoryBandwidthGbs(long megabytes, int reps) {
        long n = megabytes * (1 << 20) / 4;
        try (NDManager m = Djl.newManager()) {
            NDArray a = m.ones(new Shape(n));
            NDArray b = m.ones(new Shape(n));
            a.addi(b);
            double best = Double.MAX_VALUE;
            for (int i = 0; i < reps; i++) {
                long t = System.nanoTime();
                a.addi(b);
                best = Math.min(best, (System.nanoTime() - t) / 1e9);
            }
            return 3.0 * n * 4 / best / 1e9;
        }
    }

    /**
     * GB/s of reading an array far larger than the caches and summing it (libtorch's parallel reduction, one
     * read stream and nothing written), best of {@code reps}. This is the stream a decode step is: a GEMV reads each
     * weight once.
     */
    public static double readBandwidthGbs(long megabytes, int reps) {
        return readBandwidthGbs(megabytes, reps, Device.cpu());
    }

    /** As {@link #readBandwidthGbs(long, int)} on {@code device} (the sum's read-back waits for a GPU). */
    public static double readBandwidthGbs(long megabytes, int reps, Device device) {
        long n = megabytes * (1 << 20) / 4;
        try (NDManager m = Djl.engine().newBaseManager(device)) {
            NDArray a = m.ones(new Shape(n));
            a.sum().close(); // warm-up
            double best = Double.MAX_VALUE;
            for (int i = 0; i < reps; i++) {
                long t = System.nanoTime();
                try (NDArray s = a.sum()) {
                    s.getFloat();
                }
                best = Math.min(best, (System.nanoTime() - t) / 1e9);
            }
            return n * 4.0 / best / 1e9;
        }
    }

    /**
     * GB/s of weight bytes that libtorch's {@code linear} streams for {@code rows} input rows: {@code matrices}
     * (out, in) float32 weights, together far larger than the caches, each applied once in turn, best of
     * {@code reps}. At one row this is a GEMV and should run at the read bandwidth; how it falls with more rows
     * shows what batched decode can get from the BLAS (eight rows read the same weights as one).
     */
    public static double linearGbs(int rows, int in, int out, int matrices, int reps) {
        try (NDManager m = Djl.newManager()) {
            NDArray[] w = new NDArray[matrices];
            for (int i = 0; i < matrices; i++) {
                w[i] = m.ones(new Shape(out, in));
            }
            NDArray x = m.ones(new Shape(rows, in));
            double best = Double.MAX_VALUE;
            for (int r = 0; r <= reps; r++) { // the first pass warms up
                long t = System.nanoTime();
                for (NDArray weight : w) {
                    x.getNDArrayInternal().linear(x, weight, null).singletonOrThrow().close();
                }
                if (r > 0) {
                    best = Math.min(best, (System.nanoTime() - t) / 1e9);
                }
            }
            return (double) matrices * out * in * 4 / best / 1e9;
        }
    }

    /** Resident set size of this process in bytes (Linux), or −1. */
    public static long residentBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}
