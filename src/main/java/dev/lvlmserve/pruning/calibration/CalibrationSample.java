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
 */
public record CalibrationSample(long[] promptIds, float[] pixelValues, String id) {
    public CalibrationSample {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(promptIds, "promptIds");
        if (promptIds.length == 0) {
            throw new IllegalArgumentException("calibration sample '" + id + "' has an empty prompt");
        }
        promptIds = promptIds.clone();
        pixelValues = pixelValues == null ? null : pixelValues.clone();
    }

    /** How many positions carry {@code imageToken}. */
    public int imagePositions(long imageToken) {
        return (int) Arrays.stream(promptIds).filter(t -> t == imageToken).count();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CalibrationSample s && id.equals(s.id) && Arrays.equals(promptIds, s.promptIds)
                && Arrays.equals(pixelValues, s.pixelValues);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, Arrays.hashCode(promptIds), Arrays.hashCode(pixelValues));
    }

    @Override
    public String toString() {
        return "CalibrationSample[id=" + id + ", T=" + promptIds.length + ", image="
                + (pixelValues == null ? "none" : pixelValues.length + " floats") + "]";
    }
}
