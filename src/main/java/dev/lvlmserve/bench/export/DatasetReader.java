package dev.lvlmserve.bench.export;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads JSONL in the LLaVA conversation format that {@link DatasetExporter} writes (first human turn = question,
 * the gpt turn after it = answer; the {@code <image>} marker is removed), or the flat variant
 * {@code {"image", "question", "options"?, "answer", "id"?}}. Blank lines are skipped; a missing id becomes
 * {@code line-<n>}. Anything else malformed fails with the file and line number.
 */
public final class DatasetReader {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private DatasetReader() {}

    public static List<ExternalSample> read(Path jsonl) {
        List<String> lines;
        try {
            lines = Files.readAllLines(jsonl, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + jsonl, e);
        }
        Path base = jsonl.toAbsolutePath().getParent();
        List<ExternalSample> samples = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            try {
                samples.add(parse(JSON.readTree(lines.get(i)), i + 1, base));
            } catch (JacksonException | IllegalArgumentException e) {
                throw new IllegalArgumentException(jsonl + " line " + (i + 1) + ": " + firstLine(e.getMessage()), e);
            }
        }
        return samples;
    }

    private static ExternalSample parse(JsonNode node, int lineNumber, Path base) {
        if (!node.isObject()) {
            throw new IllegalArgumentException("expected a JSON object");
        }
        String id = node.has("id") ? text(node, "id") : "line-" + lineNumber;
        Path image = base.resolve(text(node, "image"));
        List<String> options = new ArrayList<>();
        JsonNode array = node.get("options");
        if (array != null && !array.isNull()) {
            if (!array.isArray()) {
                throw new IllegalArgumentException("'options' must be an array of strings");
            }
            for (JsonNode option : array) {
                if (!option.isString()) {
                    throw new IllegalArgumentException("'options' must be an array of strings");
                }
                options.add(option.stringValue());
            }
        }
        if (node.has("conversations")) {
            String[] qa = Conversations.questionAndAnswer(node.get("conversations"));
            return new ExternalSample(id, image, qa[0], options, qa[1]);
        }
        return new ExternalSample(id, image, text(node, "question"), options, text(node, "answer"));
    }

    static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isString()) {
            throw new IllegalArgumentException("missing or non-string field '" + field + "'");
        }
        return value.stringValue();
    }

    private static String firstLine(String message) {
        return message == null ? "malformed" : message.lines().findFirst().orElse("malformed");
    }
}
