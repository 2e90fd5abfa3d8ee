package dev.lvlmserve.eval;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;

/**
 * The rates a benchmark's work is compared with, on the model's device: the GEMM rate in the model's dtype (the
 * prefill bound), the read bandwidth (the decode bound) and the read+write bandwidth (the first version's decode
 * bound, kept for comparison). On a machine shared with other work every measurement is a lower bound of what the
 * machine can do, so a benchmark measures again between its runs and keeps the best of each ({@link #max}): the
 * ratios then compare each run with the best the machine did in the same run.
 */
public record MachineLimits(double gemmGflops, double readGbs, double readWriteGbs) {
    public static MachineLimits measure(Device device, DataType dtype) {
        return new MachineLimits(MachineRates.gemmGflops(1024, 5, dtype, device),
                MachineRates.readBandwidthGbs(1024, 5, device),
                device.isGpu() ? Double.NaN : MachineRates.memoryBandwidthGbs(256, 5));
    }

    public MachineLimits max(MachineLimits other) {
        return new MachineLimits(Math.max(gemmGflops, other.gemmGflops), Math.max(readGbs, other.readGbs),
                Math.max(readWriteGbs, other.readWriteGbs));
    }
}
