package dev.lvlmserve.pruning.calibration;

import java.util.Arrays;
import java.util.Objects;

/**
 * One calibration prompt, already tokenized and with its {@code <image>} expanded to the image positions, and its
 * preprocessed image. Arrays are not copied on access: treat them as read-only.
 *
 * @param promptIds token ids (T), image positions carrying {@code image_token_index}
 * @param pixelValues the image as C·H·W floats (the processor's output), or null for a text-only sample
 * @param id a stable identifier (dataset id), part of the calibration hash
 * @param answerLength how many of the last ids are the assistant's answer (what answer-token cross-entropy scores);
 *     0 when the sample has no answer. Not part of the calibration hash: the ids it counts are
 */
public record CalibrationSample(long[] promptIds, float[] pixelValues, String id, int answerLength) {
    public CalibrationSample {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(promptIds, "promptIds");
        if (promptIds.length == 0) {
            throw new IllegalArgumentException("calibration sample '" + id + "' has an empty prompt");
        }
        if (answerLength < 0 || answerLength >= promptIds.length) {
            throw new IllegalArgumentException("calibration sample '" + id + "': an answer of " + answerLength
                    + " tokens does not fit " + promptIds.length + " ids with a prompt before it");
        }
        promptIds = promptIds.clone();
        pixelValues = pixelValues == null ? null : pixelValues.clone();
    }

    /** A sample without an answer. */
    public CalibrationSample(long[] promptIds, float[] pixelValues, String id) {
        this(promptIds, pixelValues, id, 0);
    }

    /** How many positions carry {@code imageToken}. */
    public int imagePositions(long imageToken) {
        return (int) Arrays.stream(promptIds).filter(t -> t == imageToken).count();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CalibrationSample s && id.equals(s.id) && Arrays.equals(promptIds, s.promptIds)
                && Arrays.equals(pixelValues, s.pixelValues) && answerLength == s.answerLength;
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, Arrays.hashCode(promptIds), Arrays.hashCode(pixelValues), answerLength);
    }

    @Override
    public String toString() {
        return "CalibrationSample[id=" + id + ", T=" + promptIds.length + ", image="
                + (pixelValues == null ? "none" : pixelValues.length + " floats") + "]";
    }
}
