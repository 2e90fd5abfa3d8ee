package dev.lvlmserve.train;

/**
 * One supervised example: the prompt ids (image positions expanded), the target ids the model must produce after it
 * (the answer and end-of-sequence), and the preprocessed image (C·H·W floats) or null.
 */
public record TrainingExample(long[] promptIds, long[] targetIds, float[] pixelValues) {}
