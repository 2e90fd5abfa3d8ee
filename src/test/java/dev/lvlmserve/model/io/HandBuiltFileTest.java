package dev.lvlmserve.model.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.lvlmserve.model.Djl;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reader against files built by hand, so it is not only checked against its own writer. */
class HandBuiltFileTest {
    @TempDir
    Path dir;

    private static final String HEADER = """
            {"__metadata__":{"format":"pt","note":"hand"},\
            "bf":{"dtype":"BF16","shape":[2,2],"data_offsets":[0,8]},\
            "half":{"dtype":"F16","shape":[3],"data_offsets":[8,14]},\
            "full":{"dtype":"F32","shape":[2],"data_offsets":[16,24]}}    \
            """;

    private Path build() throws Exception {
        byte[] bf16 = HandBuilt.shortsLe(0x3F80, 0xC000, 0x0000, 0x4049); // 1, -2, 0, 3.140625
        byte[] f16 = HandBuilt.shortsLe(0x3C00, 0xC000, 0x3555); // 1, -2, 0.333251953125
        byte[] gap = new byte[2]; // a hole between tensors is legal
        byte[] f32 = HandBuilt.floatsLe(0.1f, -7.5f);
        return HandBuilt.file(dir.resolve("hand.safetensors"), HEADER, HandBuilt.concat(bf16, f16, gap, f32));
    }

    @Test
    void headerEntriesAreParsedInOrder() throws Exception {
        try (SafetensorsFile f = SafetensorsFile.open(build())) {
            assertEquals(List.of("bf", "half", "full"), List.copyOf(f.tensors().keySet()));
            assertEquals(Map.of("format", "pt", "note", "hand"), f.metadata());
            TensorInfo bf = f.tensors().get("bf");
            assertEquals(SafeDType.BF16, bf.dtype());
            assertArrayEquals(new long[] {2, 2}, bf.shape());
            assertEquals(4, bf.numel());
            assertEquals(new TensorInfo("half", SafeDType.F16, new long[] {3}, 8, 14), f.info("half"));
        }
    }

    @Test
    void knownBitPatternsWidenExactly() throws Exception {
        try (SafetensorsFile f = SafetensorsFile.open(build()); NDManager m = Djl.newManager()) {
            try (NDArray bf = f.load("bf", m); NDArray half = f.load("half", m); NDArray full = f.load("full", m)) {
                assertEquals(DataType.FLOAT32, bf.getDataType());
                assertArrayEquals(new long[] {2, 2}, bf.getShape().getShape());
                assertArrayEquals(new float[] {1.0f, -2.0f, 0.0f, 3.140625f}, bf.toFloatArray());
                assertArrayEquals(new float[] {1.0f, -2.0f, 0.333251953125f}, half.toFloatArray());
                assertArrayEquals(new float[] {0.1f, -7.5f}, full.toFloatArray());
            }
        }
    }

    @Test
    void rawIsAReadOnlyLittleEndianSliceOfTheStoredBytes() throws Exception {
        try (SafetensorsFile f = SafetensorsFile.open(build())) {
            ByteBuffer raw = f.raw("bf");
            assertEquals(true, raw.isReadOnly());
            assertEquals(ByteOrder.LITTLE_ENDIAN, raw.order());
            assertEquals(8, raw.remaining());
            assertEquals((short) 0x3F80, raw.getShort(0));
            assertEquals((short) 0xC000, raw.getShort(2));
            assertEquals(-7.5f, f.raw("full").getFloat(4));
        }
    }

    @Test
    void scalarAndEmptyTensorsLoad() throws Exception {
        String header = """
                {"s":{"dtype":"F32","shape":[],"data_offsets":[0,4]},\
                "e":{"dtype":"BF16","shape":[0,3],"data_offsets":[4,4]}}""";
        Path p = HandBuilt.file(dir.resolve("s.safetensors"), header, HandBuilt.floatsLe(42f));
        try (SafetensorsFile f = SafetensorsFile.open(p); NDManager m = Djl.newManager()) {
            try (NDArray s = f.load("s", m); NDArray e = f.load("e", m)) {
                assertEquals(0, s.getShape().dimension());
                assertEquals(42f, s.getFloat());
                assertArrayEquals(new long[] {0, 3}, e.getShape().getShape());
                assertEquals(0, e.size());
            }
        }
    }

    @Test
    void f32AtAnOffsetThatIsNotFourByteAligned() throws Exception {
        String header = """
                {"h":{"dtype":"F16","shape":[1],"data_offsets":[0,2]},\
                "f":{"dtype":"F32","shape":[3],"data_offsets":[2,14]}}""";
        byte[] data = HandBuilt.concat(HandBuilt.shortsLe(0x3C00), HandBuilt.floatsLe(1.5f, -0.25f, 1e30f));
        Path p = HandBuilt.file(dir.resolve("odd.safetensors"), header, data);
        try (SafetensorsFile f = SafetensorsFile.open(p); NDManager m = Djl.newManager(); NDArray x = f.load("f", m)) {
            assertArrayEquals(new float[] {1.5f, -0.25f, 1e30f}, x.toFloatArray());
        }
    }
}
