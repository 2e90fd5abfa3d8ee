package dev.lvlmserve.model.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.lvlmserve.model.Djl;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Writer then reader, for every dtype, from NDArrays and from heap tensors. */
class RoundTripTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource({"F32, 0", "F16, 0.00048828125", "BF16, 0.00390625"}) // 0, 2^-11, 2^-8
    void ndArraysRoundTripWithinDtypePrecision(SafeDType dtype, double relativeBound) throws Exception {
        float[] a = HandBuilt.values(7, 1);
        float[] b = HandBuilt.values(2 * 3 * 5, 2);
        Path file = dir.resolve("rt.safetensors");
        try (NDManager m = Djl.newManager()) {
            Map<String, NDArray> tensors = new LinkedHashMap<>();
            tensors.put("one.d", m.create(a, new Shape(7)));
            tensors.put("three.d", m.create(b, new Shape(2, 3, 5)));
            SafetensorsWriter.write(file, tensors, dtype, Map.of("k", "v"));

            try (SafetensorsFile f = SafetensorsFile.open(file)) {
                assertEquals(List.of("one.d", "three.d"), List.copyOf(f.tensors().keySet()));
                assertEquals("v", f.metadata().get("k"));
                assertEquals("pt", f.metadata().get("format"));
                assertEquals(dtype, f.info("three.d").dtype());
                try (NDArray ra = f.load("one.d", m); NDArray rb = f.load("three.d", m)) {
                    assertEquals(DataType.FLOAT32, rb.getDataType());
                    assertArrayEquals(new long[] {2, 3, 5}, rb.getShape().getShape());
                    assertClose(a, ra.toFloatArray(), relativeBound);
                    assertClose(b, rb.toFloatArray(), relativeBound);
                }
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"F32, 0", "F16, 0.00048828125", "BF16, 0.00390625"})
    void heapTensorsRoundTripWithinDtypePrecision(SafeDType dtype, double relativeBound) throws Exception {
        float[] data = HandBuilt.values(24, 3);
        Path file = dir.resolve("heap.safetensors");
        SafetensorsWriter.writeFloats(file, Map.of("w", new FloatTensor(data, new long[] {4, 3, 2})), dtype, Map.of());
        try (SafetensorsFile f = SafetensorsFile.open(file);
                NDManager m = Djl.newManager();
                NDArray w = f.load("w", m)) {
            assertArrayEquals(new long[] {4, 3, 2}, w.getShape().getShape());
            assertClose(data, w.toFloatArray(), relativeBound);
        }
    }

    @Test
    void layoutFollowsTheReferenceFormat() throws Exception {
        Path file = dir.resolve("layout.safetensors");
        Map<String, FloatTensor> tensors = new LinkedHashMap<>();
        tensors.put("b", new FloatTensor(new float[] {1, 2, 3}, new long[] {3}));
        tensors.put("a", new FloatTensor(new float[] {4, 5}, new long[] {1, 2}));
        SafetensorsWriter.writeFloats(file, tensors, SafeDType.BF16, Map.of());

        byte[] bytes = Files.readAllBytes(file);
        long headerLength = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, headerLength % 8, "header padded to a multiple of 8");
        assertEquals(8 + headerLength + 10, bytes.length);
        String header = new String(bytes, 8, (int) headerLength, java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(header.startsWith("{"));
        assertTrue(header.stripTrailing().endsWith("}"), "only spaces after the JSON: " + header);
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            assertEquals(List.of("b", "a"), List.copyOf(f.tensors().keySet()), "caller's order kept");
            assertEquals(0, f.info("b").begin());
            assertEquals(6, f.info("b").end());
            assertEquals(6, f.info("a").begin(), "offsets contiguous in the given order");
            assertEquals(10, f.info("a").end());
        }
        assertFalse(Files.exists(dir.resolve("layout.safetensors.tmp")), "temporary file renamed away");
    }

    @Test
    void rewritingReplacesTheFileAtomically() throws Exception {
        Path file = dir.resolve("again.safetensors");
        SafetensorsWriter.writeFloats(file, Map.of("x", new FloatTensor(new float[] {1}, new long[] {1})),
                SafeDType.F32, Map.of());
        SafetensorsWriter.writeFloats(file, Map.of("y", new FloatTensor(new float[] {2, 3}, new long[] {2})),
                SafeDType.F32, Map.of());
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            assertEquals(List.of("y"), List.copyOf(f.tensors().keySet()));
        }
    }

    @Test
    void halfPrecisionAndStridedArraysAreWrittenAsTheirValues() throws Exception {
        Path file = dir.resolve("conv.safetensors");
        try (NDManager m = Djl.newManager()) {
            NDArray base = m.create(new float[] {1, 2, 3, 4, 5, 6}, new Shape(2, 3));
            Map<String, NDArray> tensors = new LinkedHashMap<>();
            tensors.put("half", base.toType(DataType.FLOAT16, false));
            tensors.put("transposed", base.transpose()); // non-contiguous view
            SafetensorsWriter.write(file, tensors, SafeDType.F32, Map.of());
            try (SafetensorsFile f = SafetensorsFile.open(file); NDArray h = f.load("half", m);
                    NDArray t = f.load("transposed", m)) {
                assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, h.toFloatArray());
                assertArrayEquals(new long[] {3, 2}, t.getShape().getShape());
                assertArrayEquals(new float[] {1, 4, 2, 5, 3, 6}, t.toFloatArray());
            }
        }
    }

    @Test
    void loadedArraysAreIndependentWritableCopies() throws Exception {
        Path file = dir.resolve("w.safetensors");
        SafetensorsWriter.writeFloats(file, Map.of("x", new FloatTensor(new float[] {1, 2}, new long[] {2})),
                SafeDType.F32, Map.of());
        try (SafetensorsFile f = SafetensorsFile.open(file);
                NDManager m = Djl.newManager();
                NDArray x = f.load("x", m)) {
            x.addi(10); // would fault if the array aliased the read-only mapping
            assertArrayEquals(new float[] {11, 12}, x.toFloatArray());
            assertEquals(1f, f.raw("x").getFloat(0), "file untouched");
        }
    }

    static void assertClose(float[] expected, float[] actual, double relativeBound) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            double err = Math.abs(expected[i] - actual[i]) / Math.abs(expected[i]);
            assertTrue(err <= relativeBound,
                    "element " + i + ": " + expected[i] + " read back as " + actual[i] + " (rel err " + err + ")");
        }
    }
}
