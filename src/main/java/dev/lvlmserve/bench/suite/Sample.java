package dev.lvlmserve.bench.suite;

import dev.lvlmserve.bench.scene.Scene;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One benchmark item.
 *
 * @param id stable id, {@code "<suite>-<split>-<index, 5 digits>"}, e.g. {@code "pope-test-00042"}
 * @param question the full prompt text after {@code <image>}, LLaVA eval suffix included
 * @param options the choices in display order (letters A, B, ...); empty for yes/no and open questions
 * @param answer the exact text the model must generate: {@code "yes"}/{@code "no"}, a letter, or a short answer
 * @param metadata suite-specific facts for scoring and analysis (sorted, so exports are byte-stable)
 */
public record Sample(
        String id,
        String suite,
        Scene scene,
        String question,
        List<String> options,
        String answer,
        Map<String, String> metadata) {
    public Sample {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(suite, "suite");
        Objects.requireNonNull(scene, "scene");
        Objects.requireNonNull(question, "question");
        Objects.requireNonNull(answer, "answer");
        options = List.copyOf(options);
        metadata = Collections.unmodifiableMap(new TreeMap<>(metadata));
    }

    /** True for multiple-choice samples, whose answer is an option letter. */
    public boolean isMultipleChoice() {
        return !options.isEmpty();
    }
}
