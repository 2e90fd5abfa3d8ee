package dev.lvlmserve.train;

/**
 * One supervised example: the prompt ids (image positions expanded), the target ids the model must produce after it
 * (the answer and end-of-sequence), the preprocessed image (C·H·W floats) or null, and — for the auxiliary
 * patch loss — each image position's attribute classes ({@link CellLabels}) or null.
 */
public record TrainingExample(long[] promptIds, long[] targetIds, float[] pixelValues, int[] patchLabels) {
    public TrainingExample(long[] promptIds, long[] targetIds, float[] pixelValues) {
        this(promptIds, targetIds, pixelValues, null);
    }
}
