package dev.lvlmserve.train;

/**
 * One supervised example: the prompt ids (image positions expanded), the target ids the model must produce after
 * it (the answer and end-of-sequence), the preprocessed image (C·H·W floats) or null, and — for the auxiliary losses —
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
     * numbering, each {@link #UNNAMED} when the question does not name it ("the square", "the red object", "the
     * object in the top left"); the image positions of the cell a question names it by, or none; and the prompt
     * position of the name's last word ("circle" of "red circle", "left" of "top left"), or −1.
     */
    public record Subject(int colourClass, int shapeClass, int position, int[] cellPatches) {
        /** The class of an attribute the question leaves open. */
        public static final int UNNAMED = -1;

        /** A full type ("the red circle"). */
        public Subject(int colourClass, int shapeClass, int position) {
            this(colourClass, shapeClass, position, new int[0]);
        }

        /** Whether it names a full type and nothing else: the only subjects whose existence is a question. */
        public boolean isFullType() {
            return colourClass != UNNAMED && shapeClass != UNNAMED && cellPatches.length == 0;
        }

        /** Whether image position {@code p}, with {@link CellLabels}, shows what the question names. */
        public boolean matches(int[] patchLabels, int p) {
            if (cellPatches.length > 0) {
                return java.util.Arrays.stream(cellPatches).anyMatch(c -> c == p);
            }
            return (colourClass == UNNAMED || patchLabels[p * 3] == colourClass)
                    && (shapeClass == UNNAMED || patchLabels[p * 3 + 1] == shapeClass);
        }
    }

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
