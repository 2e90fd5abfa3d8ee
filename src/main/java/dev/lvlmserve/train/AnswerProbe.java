package dev.lvlmserve.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.ToIntFunction;

/**
 * A training-only linear probe on one decoder layer's output at the answer position (cross-entropy, weighted); its
 * weight lives with the optimizer state, never saved. Three kinds: {@link #existence} — is the object the question
 * asks about in the image? — {@link #option} — which option of a multiple-choice prompt is right? — and
 * {@link #content} — which words does the answer say?
 *
 * <p>Why: with {@link AttentionSupervision} every head looked exactly where it should (attention loss 0.0004) and the
 * answers still stayed at chance for 1,500 steps — what the heads found never reached the output, because nothing
 * trains their value paths but the answer loss, through two near-zero maps in a row. A probe asks for the finding
 * right after the head that brings it to the answer position; with the existence probe the locate task went from
 * 36 % to 64 % in 400 steps.
 */
final class AnswerProbe {
    /** Most options a multiple-choice prompt has (A–D). */
    static final int MAX_OPTIONS = 4;

    private final int layer;
    private final float weight;
    private final int classes;
    private final ToIntFunction<TrainingExample> label; // the example's class, or −1 when it has none
    private final NDArray matrix; // (D, classes)

    private AnswerProbe(int layer, double weight, int hidden, int classes, long seed,
            ToIntFunction<TrainingExample> label, NDManager owner) {
        this.layer = layer;
        this.weight = (float) weight;
        this.classes = classes;
        this.label = label;
        SplittableRandom r = new SplittableRandom(seed); // seeded in Java: runs repeat exactly
        float[] init = new float[hidden * classes];
        for (int i = 0; i < init.length; i++) {
            init[i] = (float) (r.nextGaussian() * 0.02);
        }
        this.matrix = owner.create(init, new Shape(hidden, classes));
        this.matrix.setRequiresGradient(true);
    }

    /** Is the subject there (class 1) or not (class 0)? Only for examples with a subject and patch labels. */
    static AnswerProbe existence(int layer, double weight, int hidden, NDManager owner) {
        return new AnswerProbe(layer, weight, hidden, 2, 7, e -> labelled(e) ? (found(e) ? 1 : 0) : -1, owner);
    }

    /** Which option is right (class = option index)? Only for multiple-choice examples. */
    static AnswerProbe option(int layer, double weight, int hidden, NDManager owner) {
        return new AnswerProbe(layer, weight, hidden, MAX_OPTIONS, 11,
                e -> e.options() == null ? -1 : e.options().answerIndex(), owner);
    }

    /**
     * What the answer says, as one word of the vocabulary: its first word ({@code last} false) or its last word
     * ("top left" → "top" and "left"); for multiple choice, the right option's words — so the open and the lettered
     * form of a question ask the answer position for the same content, which {@code answer_to_option} can then match
     * against the option lines. Only short answers (one or two words) and multiple-choice examples are labelled.
     */
    static AnswerProbe content(int layer, double weight, int hidden, int vocabulary, boolean last, NDManager owner) {
        return new AnswerProbe(layer, weight, hidden, vocabulary, last ? 17 : 13,
                e -> contentWord(e, last), owner);
    }

    /** The first or last word id of what the answer says, or −1 (captions and other long answers). */
    static int contentWord(TrainingExample e, boolean last) {
        TrainingExample.Options o = e.options();
        if (o != null) {
            int first = o.answerLetter() + 2; // letter, full stop, then the words
            return first > o.answerLastWord() ? -1 : (int) e.promptIds()[last ? o.answerLastWord() : first];
        }
        int words = e.targetIds().length - 1; // the target ends with end-of-sequence
        if (words < 1 || words > 2) {
            return -1;
        }
        return (int) e.targetIds()[last ? words - 1 : 0];
    }

    int layer() {
        return layer;
    }

    NDArray weight() {
        return matrix;
    }

    /** Whether some example of the batch has a label for this probe. */
    boolean applies(List<TrainingExample> batch) {
        return batch.stream().anyMatch(e -> label.applyAsInt(e) >= 0);
    }

    /**
     * Whether an example has the labels the existence probe needs: a full type. A place or a single attribute names
     * an object that is there by construction, so it asks nothing about existence.
     */
    static boolean labelled(TrainingExample e) {
        return e.subject() != null && e.subject().isFullType() && e.patchLabels() != null;
    }

    /** Whether the subject (colour and shape) is at some image position. */
    static boolean found(TrainingExample e) {
        int[] labels = e.patchLabels();
        return java.util.stream.IntStream.range(0, labels.length / 3).anyMatch(p -> e.subject().matches(labels, p));
    }

    /**
     * @param states (B, T, D) the layer's output over a right-padded batch of which some example has a label
     */
    NDArray compute(NDArray states, List<TrainingExample> batch, NDManager m) {
        int b = batch.size();
        int t = (int) states.getShape().get(1);
        float[] select = new float[b * t];
        float[] target = new float[b * classes];
        int n = 0;
        for (int i = 0; i < b; i++) {
            TrainingExample e = batch.get(i);
            int gold = label.applyAsInt(e);
            if (gold >= 0) {
                select[i * t + e.answerPosition()] = 1f;
                target[i * classes + gold] = 1f;
                n++;
            }
        }
        if (n == 0) {
            throw new IllegalArgumentException("no example of the batch has a label for this probe");
        }
        NDArray atAnswer = m.create(select, new Shape(b, 1, t)).matMul(states).reshape(b, -1); // (B, D)
        NDArray nll = atAnswer.matMul(matrix).logSoftmax(-1).mul(m.create(target, new Shape(b, classes))).sum();
        return nll.mul(m.create(-weight / n)); // an owned constant, not a freed temporary
    }
}
