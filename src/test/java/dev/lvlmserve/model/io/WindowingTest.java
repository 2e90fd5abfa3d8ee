package dev.lvlmserve.model.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.lvlmserve.model.Djl;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The multi-window path that files beyond 2 GiB take, exercised with windows of a few bytes instead of a 1 GiB one
 * (a real >2 GiB file is too slow for CI).
 */
class WindowingTest {
    @TempDir
    Path dir;

    @Test
    void splitCoversTheRangeInWindowSizedPieces() {
        assertEquals(List.of(new MapWindows.Window(100, 8), new MapWindows.Window(108, 8),
                new MapWindows.Window(116, 4)), MapWindows.split(100, 120, 8));
        assertEquals(List.of(new MapWindows.Window(0, 16)), MapWindows.split(0, 16, 16));
        assertEquals(List.of(), MapWindows.split(5, 5, 8));
    }

    @Test
    void windowsAreWholeElementsAndNeverBeyondTheBufferLimit() {
        assertEquals(8, MapWindows.normalize(11), "rounded down to a multiple of 4");
        assertEquals(MapWindows.DEFAULT_WINDOW_BYTES, MapWindows.normalize(Long.MAX_VALUE));
        assertThrows(IllegalArgumentException.class, () -> MapWindows.normalize(3));
        // A 5 GiB tensor: every window mappable as one ByteBuffer.
        long fiveGiB = 5L << 30;
        List<MapWindows.Window> w = MapWindows.split(64, 64 + fiveGiB, MapWindows.DEFAULT_WINDOW_BYTES);
        assertEquals(5, w.size());
        assertEquals(64 + 4 * MapWindows.DEFAULT_WINDOW_BYTES, w.get(4).offset());
        assertEquals(fiveGiB, w.stream().mapToLong(MapWindows.Window::length).sum());
    }

    @ParameterizedTest
    @CsvSource({"F32, 4", "F32, 12", "F16, 4", "F16, 12", "BF16, 8", "BF16, 20", "F32, 1024"})
    void tensorsSpanningManyWindowsLoadCorrectly(SafeDType dtype, long window) throws Exception {
        float[] a = HandBuilt.values(37, 11);
        float[] b = HandBuilt.values(3 * 7, 12);
        Map<String, FloatTensor> tensors = new LinkedHashMap<>();
        tensors.put("a", new FloatTensor(a, new long[] {37}));
        tensors.put("b", new FloatTensor(b, new long[] {3, 7}));
        Path file = dir.resolve("w.safetensors");
        SafetensorsWriter.writeFloats(file, tensors, dtype, Map.of());

        try (SafetensorsFile whole = SafetensorsFile.open(file);
                SafetensorsFile windowed = SafetensorsFile.open(file, window);
                NDManager m = Djl.newManager()) {
            for (String key : List.of("a", "b")) {
                try (NDArray expected = whole.load(key, m); NDArray actual = windowed.load(key, m)) {
                    assertArrayEquals(expected.getShape().getShape(), actual.getShape().getShape());
                    assertArrayEquals(expected.toFloatArray(), actual.toFloatArray(), 0f, key);
                }
            }
            try (NDArray actual = windowed.load("b", m)) {
                RoundTripTest.assertClose(b, actual.toFloatArray(), dtype == SafeDType.F32 ? 0 : 1.0 / 256);
            }
        }
    }
}
