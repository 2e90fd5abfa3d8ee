package dev.lvlmserve.bench.export;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * One sample read from a JSONL file.
 *
 * @param image absolute or JSONL-relative path already resolved against the JSONL file's folder
 * @param question the prompt without the {@code <image>} marker
 * @param options multiple-choice options; empty for open and yes/no questions
 */
public record ExternalSample(String id, Path image, String question, List<String> options, String answer) {
    public ExternalSample {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(question, "question");
        Objects.requireNonNull(answer, "answer");
        options = List.copyOf(options);
    }
}
