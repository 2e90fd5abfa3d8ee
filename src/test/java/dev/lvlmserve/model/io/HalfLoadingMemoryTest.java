package dev.lvlmserve.model.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.lvlmserve.model.Djl;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Loading into float16 keeps at most one tensor's float32 staging alive — measured as the process's peak resident
 * memory while loading (Linux {@code VmHWM}, reset through {@code /proc/self/clear_refs}), not inferred from the code.
 * Tensors are larger than glibc's largest mmap threshold (32 MiB), so every one of them is a fresh mapping that
 * shows in the resident set and leaves it when freed. A deliberately wasteful load (everything in float32 first) is
 * measured the same way, to show that the meter sees what the bound forbids.
 */
class HalfLoadingMemoryTest {
    static final int TENSORS = 4;
    static final int ELEMENTS = 17 << 20; // 34 MiB in float16, 68 MiB in float32
    static final long SLACK = 24L << 20;

    @TempDir
    static Path tmp;

    static Map<SafeDType, Path> files = new LinkedHashMap<>();

    @BeforeAll
    static void write() throws IOException {
        assumeTrue(Files.isWritable(Path.of("/proc/self/clear_refs")), "needs Linux /proc/self/clear_refs");
        Map<String, FloatTensor> tensors = new LinkedHashMap<>();
        for (int t = 0; t < TENSORS; t++) {
            float[] v = new float[ELEMENTS];
            for (int i = 0; i < v.length; i++) {
                v[i] = ((i * 31 + t * 7) % 1000) / 500f - 1f;
            }
            tensors.put("w" + t, new FloatTensor(v, new long[] {ELEMENTS / 1024, 1024}));
        }
        for (SafeDType d : SafeDType.values()) {
            Path f = tmp.resolve(d + ".safetensors");
            SafetensorsWriter.writeFloats(f, tensors, d, Map.of());
            files.put(d, f);
        }
    }

    @Test
    void loadingIntoFloat16HoldsNoMoreThanOneTensorsFloat32Staging() {
        long half = (long) TENSORS * ELEMENTS * 2;
        long oneTensorFloat32 = ELEMENTS * 4L;
        for (SafeDType source : files.keySet()) {
            Path f = files.get(source);
            long oneTensorOnDisk = (long) ELEMENTS * source.byteSize(); // the window being copied is mapped
            long bound = half + oneTensorFloat32 + oneTensorOnDisk + SLACK;
            loadHalf(f); // warm-up: code paged in, allocator and JIT settled
            long lean = peakGrowth(() -> loadHalf(f));
            assertTrue(lean <= bound, source + " → float16: peak growth " + mb(lean) + " MB, bound " + mb(bound)
                    + " MB (float16 tensors " + mb(half) + " + one tensor in float32 + its mapped window)");
            assertTrue(lean >= half, source + ": the meter saw " + mb(lean) + " MB, less than the float16 tensors "
                    + "themselves (" + mb(half) + " MB)");
            long wasteful = peakGrowth(() -> loadFloat32ThenNarrow(f));
            System.out.printf("%s -> float16: peak growth %d MB (float16 tensors %d MB, bound %d MB); float32 first: "
                    + "%d MB%n", source, mb(lean), mb(half), mb(bound), mb(wasteful));
            assertTrue(wasteful > bound, source + ": a full float32 copy peaks at " + mb(wasteful)
                    + " MB, which the bound of " + mb(bound) + " MB must be able to tell apart");
        }
    }

    /** The way loading works: every tensor converted while it is read, straight into a float16 tensor. */
    static void loadHalf(Path f) {
        try (SafetensorsFile file = SafetensorsFile.open(f); NDManager m = Djl.newManager()) {
            for (String key : file.tensors().keySet()) {
                NDArray a = file.load(key, m, DataType.FLOAT16);
                assertEquals(DataType.FLOAT16, a.getDataType());
            }
        }
    }

    /** What the bound forbids: the whole checkpoint in float32 on the host, narrowed afterwards. */
    static void loadFloat32ThenNarrow(Path f) {
        try (SafetensorsFile file = SafetensorsFile.open(f); NDManager m = Djl.newManager()) {
            List<NDArray> full = new ArrayList<>();
            for (String key : file.tensors().keySet()) {
                full.add(file.load(key, m, DataType.FLOAT32));
            }
            for (NDArray a : full) {
                a.toType(DataType.FLOAT16, false);
            }
            full.forEach(NDArray::close);
        }
    }

    /** Growth of the peak resident set while {@code r} runs, in bytes. */
    static long peakGrowth(Runnable r) {
        try {
            Files.writeString(Path.of("/proc/self/clear_refs"), "5"); // VmHWM := VmRSS
            long before = status("VmHWM:");
            r.run();
            return status("VmHWM:") - before;
        } catch (IOException e) {
            throw new IllegalStateException("cannot reset the peak resident set", e);
        }
    }

    static long status(String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith(field)) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        throw new IllegalStateException(field + " missing from /proc/self/status");
    }

    static long mb(long bytes) {
        return bytes >> 20;
    }
}
