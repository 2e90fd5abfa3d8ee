package dev.lvlmserve.bench.export;

import dev.lvlmserve.bench.scene.SceneRenderer;
import dev.lvlmserve.bench.suite.BenchmarkSuite;
import dev.lvlmserve.bench.suite.Sample;
import dev.lvlmserve.bench.suite.Split;
import dev.lvlmserve.bench.suite.Suites;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes suites as LLaVA-665k-style JSONL, one sample per line, plus one PNG per distinct scene (MME pairs and MMBench
 * rotations share theirs). Output is deterministic: same arguments, same bytes.
 *
 * <p>Line format: {@code {"id", "image": "images/<fingerprint>-<size>.png", "conversations": [{"from": "human",
 * "value": "<image>\n<question>"}, {"from": "gpt", "value": "<answer>"}], "options": [...], "suite", "split",
 * "metadata": {...}}}.
 */
public final class DatasetExporter {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private DatasetExporter() {}

    /** Exports one suite; see {@link #export(List, Split, int, Path, int)}. */
    public static Path export(BenchmarkSuite suite, Split split, int count, Path outDir) {
        return export(List.of(suite), split, count, outDir, SceneRenderer.DEFAULT_IMAGE_SIZE);
    }

    public static Path export(List<BenchmarkSuite> suites, Split split, int countPerSuite, Path outDir) {
        return export(suites, split, countPerSuite, outDir, SceneRenderer.DEFAULT_IMAGE_SIZE);
    }

    /**
     * Writes the first {@code countPerSuite} samples of each suite to {@code outDir/<suites>-<split>.jsonl}, where
     * {@code <suites>} is {@code all} for {@link Suites#all()} and the names joined by {@code +} otherwise.
     *
     * @return the JSONL file
     */
    public static Path export(List<BenchmarkSuite> suites, Split split, int countPerSuite, Path outDir, int imageSize) {
        String names = suites.equals(Suites.all())
                ? "all"
                : suites.stream().map(BenchmarkSuite::name).collect(Collectors.joining("+"));
        Path jsonl = outDir.resolve(names + "-" + split.label() + ".jsonl");
        try {
            Files.createDirectories(outDir.resolve("images"));
            try (BufferedWriter out = Files.newBufferedWriter(jsonl, StandardCharsets.UTF_8)) {
                for (BenchmarkSuite suite : suites) {
                    for (Sample sample : suite.samples(split, countPerSuite)) {
                        String image = writeImage(sample, outDir, imageSize);
                        out.write(JSON.writeValueAsString(line(sample, split, image)));
                        out.write('\n');
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot export to " + outDir, e);
        }
        return jsonl;
    }

    private static String writeImage(Sample sample, Path outDir, int imageSize) throws IOException {
        String relative = "images/" + HexFormat.of().toHexDigits(sample.scene().fingerprint()) + "-" + imageSize
                + ".png";
        Path file = outDir.resolve(relative);
        if (!Files.exists(file)) { // the name is a content hash: an existing file already holds these pixels
            Files.write(file, SceneRenderer.toPng(SceneRenderer.render(sample.scene(), imageSize)));
        }
        return relative;
    }

    private static ObjectNode line(Sample sample, Split split, String image) {
        ObjectNode node = JSON.createObjectNode();
        node.put("id", sample.id());
        node.put("image", image);
        var conversations = node.putArray("conversations");
        conversations.addObject().put("from", "human").put("value", "<image>\n" + sample.question());
        conversations.addObject().put("from", "gpt").put("value", sample.answer());
        var options = node.putArray("options");
        sample.options().forEach(options::add);
        node.put("suite", sample.suite());
        node.put("split", split.label());
        var metadata = node.putObject("metadata");
        sample.metadata().forEach(metadata::put);
        return node;
    }
}
