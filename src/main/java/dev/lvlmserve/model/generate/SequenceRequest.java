package dev.lvlmserve.model.generate;

/**
 * One sequence of a batch: prompt ids with the image positions already expanded, and the projected image features
 * (N·D floats, row-major) when the prompt has an image.
 */
public record SequenceRequest(long[] promptIds, float[] imageFeatures, GenerationOptions options) {
    public SequenceRequest {
        if (promptIds.length == 0) {
            throw new IllegalArgumentException("empty prompt");
        }
    }
}
