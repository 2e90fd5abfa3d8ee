package dev.lvlmserve.model.io;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import dev.lvlmserve.model.Djl;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every malformed file is a CheckpointException that names the file and says what is wrong. */
class ErrorReportingTest {
    @TempDir
    Path dir;

    private static final String ONE_F32 = "{\"w\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[0,16]}}";

    private CheckpointException openFails(Path file) {
        return assertThrows(CheckpointException.class, () -> SafetensorsFile.open(file).close());
    }

    private static void assertMentions(CheckpointException e, String... parts) {
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "message lacks '" + part + "': " + e.getMessage());
        }
    }

    @Test
    void truncatedFile() throws Exception {
        Path file = dir.resolve("cut.safetensors");
        SafetensorsWriter.writeFloats(file, Map.of("w", new FloatTensor(new float[] {1, 2, 3, 4}, new long[] {2, 2})),
                SafeDType.F32, Map.of());
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, bytes.length - 3));
        assertMentions(openFails(file), "cut.safetensors", "'w'", "truncated");
    }

    @Test
    void headerLengthLargerThanTheFile() throws Exception {
        byte[] json = ONE_F32.getBytes(StandardCharsets.UTF_8);
        Path file = HandBuilt.file(dir.resolve("long.safetensors"), 5000, json, new byte[16]);
        assertMentions(openFails(file), "long.safetensors", "header length 5000", "exceeds the file size");
    }

    @Test
    void absurdOrNegativeHeaderLength() throws Exception {
        byte[] json = ONE_F32.getBytes(StandardCharsets.UTF_8);
        assertMentions(openFails(HandBuilt.file(dir.resolve("neg.safetensors"), -1, json, new byte[16])),
                "neg.safetensors", "18446744073709551615", "outside");
        assertMentions(openFails(HandBuilt.file(dir.resolve("huge.safetensors"), 200_000_000L, json, new byte[16])),
                "huge.safetensors", "outside");
        assertMentions(openFails(HandBuilt.file(dir.resolve("one.safetensors"), 1, json, new byte[16])),
                "one.safetensors", "outside");
    }

    @Test
    void fileShorterThanTheLengthField() throws Exception {
        Path file = dir.resolve("tiny.safetensors");
        Files.write(file, new byte[] {1, 2, 3});
        assertMentions(openFails(file), "tiny.safetensors", "too short");
    }

    @Test
    void corruptJsonHeader() throws Exception {
        String broken = ONE_F32.substring(0, ONE_F32.length() - 6) + "@@@@@@";
        Path file = HandBuilt.file(dir.resolve("json.safetensors"), broken, new byte[16]);
        assertMentions(openFails(file), "json.safetensors", "not valid JSON");
    }

    @Test
    void headerThatIsNotAnObject() throws Exception {
        Path file = HandBuilt.file(dir.resolve("arr.safetensors"), "[1, 2]  ", new byte[0]);
        assertMentions(openFails(file), "arr.safetensors", "not a JSON object");
    }

    @Test
    void duplicateTensorName() throws Exception {
        String header = "{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                + "\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}";
        Path file = HandBuilt.file(dir.resolve("dup.safetensors"), header, new byte[8]);
        assertMentions(openFails(file), "dup.safetensors", "not valid JSON", "w");
    }

    @Test
    void offsetsInconsistentWithShape() throws Exception {
        String header = "{\"w\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0,16]}}";
        Path file = HandBuilt.file(dir.resolve("shape.safetensors"), header, new byte[24]);
        assertMentions(openFails(file), "shape.safetensors", "'w'", "[2, 3]", "needs 24");
    }

    @Test
    void overlappingTensors() throws Exception {
        String header = "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}";
        Path file = HandBuilt.file(dir.resolve("overlap.safetensors"), header, new byte[12]);
        assertMentions(openFails(file), "overlap.safetensors", "'a'", "'b'", "overlap");
    }

    @Test
    void malformedEntries() throws Exception {
        String negative = "{\"w\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,4]}}";
        assertMentions(openFails(HandBuilt.file(dir.resolve("neg.safetensors"), negative, new byte[4])),
                "neg.safetensors", "'w'", "shape");
        String noOffsets = "{\"w\":{\"dtype\":\"F32\",\"shape\":[1]}}";
        assertMentions(openFails(HandBuilt.file(dir.resolve("nooff.safetensors"), noOffsets, new byte[4])),
                "nooff.safetensors", "data_offsets");
        String badMeta = "{\"__metadata__\":{\"n\":1}}";
        assertMentions(openFails(HandBuilt.file(dir.resolve("meta.safetensors"), badMeta, new byte[0])),
                "meta.safetensors", "__metadata__", "'n'");
    }

    @Test
    void unsupportedDtype() throws Exception {
        String header = "{\"ids\":{\"dtype\":\"I64\",\"shape\":[2],\"data_offsets\":[0,16]}}";
        Path file = HandBuilt.file(dir.resolve("int.safetensors"), header, new byte[16]);
        assertMentions(openFails(file), "int.safetensors", "'ids'", "I64");
    }

    @Test
    void unknownTensorAndClosedFile() throws Exception {
        Path file = HandBuilt.file(dir.resolve("ok.safetensors"), ONE_F32, new byte[16]);
        SafetensorsFile f = SafetensorsFile.open(file);
        assertMentions(assertThrows(CheckpointException.class, () -> f.info("nope")), "ok.safetensors", "'nope'");
        f.close();
        try (NDManager m = Djl.newManager()) {
            assertMentions(assertThrows(CheckpointException.class, () -> f.load("w", m)), "ok.safetensors",
                    "closed");
        }
    }

    @Test
    void missingFile() {
        assertMentions(assertThrows(CheckpointException.class, () -> SafetensorsFile.open(dir.resolve("no.st"))),
                "no.st");
    }
}
