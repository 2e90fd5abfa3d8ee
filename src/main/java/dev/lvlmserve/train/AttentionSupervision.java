package dev.lvlmserve.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;

/**
 * A training-only loss on one attention head of one layer: from a chosen position of a question that names an object
 * ("the red circle"), the head should put its weight on what its {@link Task} says — the object's image positions,
 * every position of its colour or of its shape, the word before the subject, or the subject itself — and on the first
 * token when nothing in the image matches (the usual attention sink). Three tasks instead follow a multiple-choice
 * prompt's option lines: from an option to its letter, from the answer to the right option, and from a place option
 * to its cell. The loss is −log of the probability mass on the targets, averaged over the examples the task applies
 * to; several heads can be supervised at once.
 *
 * <p>Why: trained from scratch, the decoder learned to read the image in reading order (captions were perfect) but
 * not to find a position by its content. With uniform attention over ~40 tokens, the gradient that would sharpen a
 * content match is tiny until the value path already profits from it, and yes/no and multiple choice sat at chance
 * for 2,700 steps. Telling heads where to look breaks that circle; {@link AnswerProbe} then trains what they carry.
 * The experiments behind each task are in {@code docs/results/default-model/experiments.md}.
 */
final class AttentionSupervision {
    private final int layer;
    private final int head;
    private final float weight;
    private final long imageTokenId;

    /** Where the supervised head looks from, and what it should find (the first token when nothing matches). */
    enum Task {
        /** From the position that predicts the answer to the object: the question's words must be gathered first. */
        ANSWER_TO_OBJECT,
        /** From the subject's last word ("circle" of "the red circle") to the object. */
        SUBJECT_TO_OBJECT,
        /**
         * From the subject's last word to the word before it ("red"): a previous-token head that brings the colour
         * to where the shape is.
         */
        SUBJECT_TO_PREVIOUS_WORD,
        /** From the colour word to every object of that colour: one attribute, no conjunction. */
        COLOUR_WORD_TO_COLOUR,
        /**
         * From the subject's last word to every object of that shape: one attribute. A head looking from the subject
         * learned this in 250 steps; colour and shape together it had not learned after 500.
         */
        SUBJECT_TO_SHAPE,
        /**
         * From the answer position back to the subject's last word, where the heads above have found the object:
         * a fixed offset per question template, easy to learn, and it hands the finding to the answer.
         */
        ANSWER_TO_SUBJECT,
        /**
         * Multiple choice: from an option's last word to its letter ("red" of "B. red" to "B"), so that the option's
         * last word carries which letter it is. Supervised on the right option's line; the head is the same for all.
         */
        OPTION_TO_LETTER,
        /**
         * Multiple choice: from the answer position to the right option's last word — the option whose words match
         * what the answer position knows; with {@link #OPTION_TO_LETTER} below it, this copies the letter.
         */
        ANSWER_TO_OPTION,
        /**
         * Multiple choice over places: from the right option's last word ("left" of "top left") to the image
         * position of the cell it names — so each place option holds what the image shows there, in the image's own
         * features, which is what the answer position has copied from the object it found.
         */
        OPTION_TO_CELL
    }

    private final Task task;
    private final float floor;

    /**
     * @param floor added to the mass before the log, so that a mass of 0 stays finite. Stages 3–5 used 1e-6; that
     *     floor also stops a head that puts ~1e-12 on its targets (a trained head, committed elsewhere) from ever
     *     moving: the gradient is scaled by mass / (mass + floor). 1e-30 keeps it alive.
     */
    AttentionSupervision(int layer, int head, double weight, long imageTokenId, Task task, double floor) {
        this.task = task;
        this.floor = (float) floor;
        this.layer = layer;
        this.head = head;
        this.weight = (float) weight;
        this.imageTokenId = imageTokenId;
    }

    int layer() {
        return layer;
    }

    /** Whether any example of the batch has targets. */
    boolean applies(List<TrainingExample> batch) {
        return batch.stream().anyMatch(this::supervised);
    }

    private boolean supervised(TrainingExample e) {
        return switch (task) {
            case OPTION_TO_LETTER, ANSWER_TO_OPTION -> e.options() != null;
            case OPTION_TO_CELL -> e.options() != null && e.options().answerCellPatches().length > 0;
            case ANSWER_TO_OBJECT -> e.subject() != null && e.patchLabels() != null;
            // only where the question has the word: the colour word comes right before the name's last word
            case COLOUR_WORD_TO_COLOUR -> named(e) && e.subject().colourClass() != TrainingExample.Subject.UNNAMED;
            case SUBJECT_TO_SHAPE -> named(e) && e.subject().shapeClass() != TrainingExample.Subject.UNNAMED;
            default -> named(e);
        };
    }

    private static boolean named(TrainingExample e) {
        return e.subject() != null && e.patchLabels() != null && e.subject().position() > 0;
    }

    /**
     * @param probs (B, H, T, S) the supervised layer's attention probabilities over a right-padded batch
     */
    NDArray compute(NDArray probs, List<TrainingExample> batch, NDManager m) {
        int b = (int) probs.getShape().get(0);
        int t = (int) probs.getShape().get(2);
        int s = (int) probs.getShape().get(3);
        float[] query = new float[b * t]; // one-hot: the position each row's head looks from
        float[] targets = new float[b * s]; // 1 on the positions whose mass counts (all ones on unsupervised rows)
        float[] rowWeight = new float[b]; // 1 on supervised rows, 0 elsewhere
        int supervised = 0;
        for (int i = 0; i < b; i++) {
            TrainingExample e = batch.get(i);
            if (!supervised(e)) {
                query[i * t + e.answerPosition()] = 1f;
                java.util.Arrays.fill(targets, i * s, (i + 1) * s, 1f); // keeps the log finite; weighted 0 below
                continue;
            }
            supervised++;
            rowWeight[i] = 1f;
            if (task == Task.OPTION_TO_CELL) {
                query[i * t + e.options().answerLastWord()] = 1f;
                int[] imagePositions = imagePositions(e.promptIds());
                for (int p : e.options().answerCellPatches()) {
                    targets[i * s + imagePositions[p]] = 1f;
                }
                continue;
            }
            if (task == Task.OPTION_TO_LETTER || task == Task.ANSWER_TO_OPTION) {
                TrainingExample.Options o = e.options();
                boolean fromAnswer = task == Task.ANSWER_TO_OPTION;
                query[i * t + (fromAnswer ? e.answerPosition() : o.answerLastWord())] = 1f;
                targets[i * s + (fromAnswer ? o.answerLastWord() : o.answerLetter())] = 1f;
                continue;
            }
            int subject = e.subject().position();
            query[i * t + switch (task) {
                case ANSWER_TO_OBJECT, ANSWER_TO_SUBJECT -> e.answerPosition();
                case COLOUR_WORD_TO_COLOUR -> subject - 1;
                default -> subject;
            }] = 1f;
            if (task == Task.SUBJECT_TO_PREVIOUS_WORD || task == Task.ANSWER_TO_SUBJECT) {
                targets[i * s + (task == Task.ANSWER_TO_SUBJECT ? subject : subject - 1)] = 1f;
                continue;
            }
            int[] imagePositions = imagePositions(e.promptIds());
            boolean any = false;
            for (int p = 0; p < imagePositions.length; p++) {
                if (matches(e.patchLabels(), p, e.subject())) {
                    targets[i * s + imagePositions[p]] = 1f;
                    any = true;
                }
            }
            if (!any) {
                targets[i * s] = 1f; // nothing matches: the first token (BOS)
            }
        }
        if (supervised == 0) {
            throw new IllegalArgumentException("no example of the batch has attention targets");
        }
        NDArray headProbs = probs.get(new ai.djl.ndarray.index.NDIndex(":, {}", head)); // (B, T, S)
        NDArray atQuery = m.create(query, new Shape(b, 1, t)).matMul(headProbs); // (B, 1, S)
        NDArray mass = atQuery.mul(m.create(targets, new Shape(b, 1, s))).sum(new int[] {1, 2}); // (B)
        NDArray nll = mass.add(m.create(floor)).log().mul(m.create(rowWeight, new Shape(b))).sum();
        return nll.mul(m.create(-weight / supervised)); // an owned constant, not a freed temporary
    }

    /** Whether image position {@code p} shows what this task looks for. */
    private boolean matches(int[] labels, int p, TrainingExample.Subject subject) {
        return switch (task) {
            case COLOUR_WORD_TO_COLOUR -> labels[p * 3] == subject.colourClass();
            case SUBJECT_TO_SHAPE -> labels[p * 3 + 1] == subject.shapeClass();
            default -> subject.matches(labels, p);
        };
    }

    /** Sequence positions of the image tokens, in order. */
    private int[] imagePositions(long[] promptIds) {
        return java.util.stream.IntStream.range(0, promptIds.length).filter(j -> promptIds[j] == imageTokenId)
                .toArray();
    }
}
