package dev.lvlmserve.bench.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lvlmserve.bench.scene.SceneRenderer;
import dev.lvlmserve.bench.suite.BenchmarkSuite;
import dev.lvlmserve.bench.suite.Sample;
import dev.lvlmserve.bench.suite.Split;
import dev.lvlmserve.bench.suite.Suites;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetRoundTripTest {
    @TempDir
    Path dir;

    @Test
    void exportedSamplesReadBackUnchanged() throws IOException {
        List<BenchmarkSuite> suites = List.of(Suites.byName("mmbench"), Suites.byName("vqa"));
        Path jsonl = DatasetExporter.export(suites, Split.VALIDATION, 12, dir);
        assertEquals(dir.resolve("mmbench+vqa-validation.jsonl"), jsonl);
        List<Sample> expected = new ArrayList<>();
        suites.forEach(s -> expected.addAll(s.samples(Split.VALIDATION, 12)));
        List<ExternalSample> read = DatasetReader.read(jsonl);
        assertEquals(expected.size(), read.size());
        for (int i = 0; i < read.size(); i++) {
            Sample s = expected.get(i);
            ExternalSample r = read.get(i);
            assertEquals(s.id(), r.id());
            assertEquals(s.question(), r.question());
            assertEquals(s.options(), r.options());
            assertEquals(s.answer(), r.answer());
            assertArrayEquals(SceneRenderer.toPng(SceneRenderer.render(s.scene())), Files.readAllBytes(r.image()));
        }
        try (var images = Files.list(dir.resolve("images"))) {
            assertEquals(3 + 12, images.count(), "MMBench rotations share one image per question");
        }
        String first = Files.readString(jsonl).lines().findFirst().orElseThrow();
        assertTrue(first.startsWith("{\"id\":\"mmbench-validation-00000\",\"image\":\"images/"), first);
        assertTrue(first.contains("\"conversations\":[{\"from\":\"human\",\"value\":\"<image>\\n"), first);
    }

    @Test
    void exportIsByteStable() throws IOException {
        Path a = DatasetExporter.export(Suites.byName("pope"), Split.TEST, 10, dir.resolve("a"));
        Path b = DatasetExporter.export(Suites.byName("pope"), Split.TEST, 10, dir.resolve("b"));
        assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
    }

    @Test
    void readsTheFlatVariant() throws IOException {
        Path jsonl = dir.resolve("flat.jsonl");
        Files.writeString(jsonl, """
                {"image": "img/1.png", "question": "Is it red?", "answer": "yes"}

                {"id": "q2", "image": "/abs/2.png", "question": "Which?", "options": ["a", "b"], "answer": "B"}
                """);
        List<ExternalSample> read = DatasetReader.read(jsonl);
        assertEquals(
                new ExternalSample("line-1", dir.resolve("img/1.png"), "Is it red?", List.of(), "yes"), read.get(0));
        assertEquals(new ExternalSample("q2", Path.of("/abs/2.png"), "Which?", List.of("a", "b"), "B"), read.get(1));
    }

    @Test
    void malformedLinesNameTheirLineNumber() throws IOException {
        assertLineError("{\"image\": \"x.png\", \"question\": \"q\", \"answer\": \"a\"}\n{not json\n", 2);
        assertLineError("{\"image\": \"x.png\", \"question\": \"q\"}\n", 1);
        assertLineError("\n\n[1, 2]\n", 3);
        assertLineError("{\"image\": \"x.png\", \"conversations\": [{\"from\": \"human\", \"value\": \"q\"}]}\n", 1);
        assertLineError("{\"image\": \"x.png\", \"question\": \"q\", \"answer\": \"a\", \"options\": [1]}\n", 1);
    }

    private void assertLineError(String content, int line) throws IOException {
        Path jsonl = dir.resolve("bad.jsonl");
        Files.writeString(jsonl, content);
        var e = assertThrows(IllegalArgumentException.class, () -> DatasetReader.read(jsonl));
        assertTrue(e.getMessage().contains("line " + line + ":"), e.getMessage());
    }
}
