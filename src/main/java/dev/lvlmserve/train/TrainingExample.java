package dev.lvlmserve.train;

/**
 * One supervised example: the prompt ids (image positions expanded), the target ids the model must produce after it
 * (the answer and end-of-sequence), the preprocessed image (C·H·W floats) or null, and — for the auxiliary losses —
 * each image position's attribute classes ({@link CellLabels}) or null, and the image positions the question is
 * about ({@link AttentionSupervision}): their indices among the image tokens, empty when nothing in the image
 * matches, null when the example does not say; and the prompt position of the word that ends the question's subject
 * ("circle" in "the red circle"), or −1.
 */
public record TrainingExample(long[] promptIds, long[] targetIds, float[] pixelValues, int[] patchLabels,
        int[] attentionTargets, int subjectPosition) {
    public TrainingExample(long[] promptIds, long[] targetIds, float[] pixelValues) {
        this(promptIds, targetIds, pixelValues, null, null, -1);
    }

    public TrainingExample(long[] promptIds, long[] targetIds, float[] pixelValues, int[] patchLabels) {
        this(promptIds, targetIds, pixelValues, patchLabels, null, -1);
    }

    public TrainingExample(long[] promptIds, long[] targetIds, float[] pixelValues, int[] patchLabels,
            int[] attentionTargets) {
        this(promptIds, targetIds, pixelValues, patchLabels, attentionTargets, -1);
    }

    /** The prompt position that predicts the answer's first token. */
    public int answerPosition() {
        return promptIds.length - 1;
    }
}
