package dev.lvlmserve.train;

/**
 * One supervised example: the prompt ids (image positions expanded), the target ids the model must produce after it
 * (the answer and end-of-sequence), the preprocessed image (C·H·W floats) or null, and — for the auxiliary losses —
 * each image position's attribute classes ({@link CellLabels}) or null, and what the question asks about
 * ({@link Subject}) or null.
 */
public record TrainingExample(
        long[] promptIds, long[] targetIds, float[] pixelValues, int[] patchLabels, Subject subject) {
    public TrainingExample(long[] promptIds, long[] targetIds, float[] pixelValues) {
        this(promptIds, targetIds, pixelValues, null, null);
    }

    public TrainingExample(long[] promptIds, long[] targetIds, float[] pixelValues, int[] patchLabels) {
        this(promptIds, targetIds, pixelValues, patchLabels, null);
    }

    /**
     * The object a question asks about ("the red circle"): its colour and shape classes in {@link CellLabels}'
     * numbering, and the prompt position of its last word (the shape; the colour is the word before), or −1.
     */
    public record Subject(int colourClass, int shapeClass, int position) {}

    /** The prompt position that predicts the answer's first token. */
    public int answerPosition() {
        return promptIds.length - 1;
    }
}
