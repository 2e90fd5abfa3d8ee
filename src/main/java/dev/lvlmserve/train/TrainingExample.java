package dev.lvlmserve.train;

/**
 * One supervised example: the prompt ids (image positions expanded), the target ids the model must produce after it
 * (the answer and end-of-sequence), the preprocessed image (C·H·W floats) or null, and — for the auxiliary losses —
 * each image position's attribute classes ({@link CellLabels}) or null, what the question asks about
 * ({@link Subject}) or null, and where a multiple-choice prompt's options are ({@link Options}) or null.
 */
public record TrainingExample(
        long[] promptIds, long[] targetIds, float[] pixelValues, int[] patchLabels, Subject subject, Options options) {
    public TrainingExample(long[] promptIds, long[] targetIds, float[] pixelValues) {
        this(promptIds, targetIds, pixelValues, null, null, null);
    }

    public TrainingExample(long[] promptIds, long[] targetIds, float[] pixelValues, int[] patchLabels) {
        this(promptIds, targetIds, pixelValues, patchLabels, null, null);
    }

    public TrainingExample(
            long[] promptIds, long[] targetIds, float[] pixelValues, int[] patchLabels, Subject subject) {
        this(promptIds, targetIds, pixelValues, patchLabels, subject, null);
    }

    /**
     * The object a question asks about ("the red circle"): its colour and shape classes in {@link CellLabels}'
     * numbering, and the prompt position of its last word (the shape; the colour is the word before), or −1.
     */
    public record Subject(int colourClass, int shapeClass, int position) {}

    /**
     * The option lines of a multiple-choice prompt ("A. red circle"): for option i, the prompt position of its
     * letter and of its last word; which option is right; and, when the right option names a grid cell ("top
     * left"), the image positions (0-based, in image order) that show that cell, else none.
     */
    public record Options(int[] letterPositions, int[] lastWordPositions, int answerIndex, int[] answerCellPatches) {
        public Options(int[] letterPositions, int[] lastWordPositions, int answerIndex) {
            this(letterPositions, lastWordPositions, answerIndex, new int[0]);
        }

        public Options {
            if (letterPositions.length != lastWordPositions.length || answerIndex < 0
                    || answerIndex >= letterPositions.length) {
                throw new IllegalArgumentException("bad option positions");
            }
            for (int i = 0; i < letterPositions.length; i++) {
                if (lastWordPositions[i] <= letterPositions[i]) {
                    throw new IllegalArgumentException("an option's words follow its letter");
                }
            }
        }

        public int count() {
            return letterPositions.length;
        }

        /** The position of the right option's last word. */
        public int answerLastWord() {
            return lastWordPositions[answerIndex];
        }

        /** The position of the right option's letter. */
        public int answerLetter() {
            return letterPositions[answerIndex];
        }
    }

    /** The prompt position that predicts the answer's first token. */
    public int answerPosition() {
        return promptIds.length - 1;
    }
}
