package dev.lvlmserve.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.lvlmserve.model.generate.ForwardObserver;
import dev.lvlmserve.model.generate.ObserverSite;
import java.util.List;
import java.util.Set;

/**
 * A training-only loss on one attention head: from the last prompt position (the one that predicts the answer), the
 * head should put its weight on the image positions the question is about ("Where is the red circle?" → the red
 * circle's position), or on the first token when nothing in the image matches — the usual attention sink.
 *
 * <p>Why: trained from scratch, the decoder learned to read the image in reading order (captions were perfect) but
 * not to find a position by its content. With uniform attention over ~40 tokens, the gradient that would sharpen a
 * content match is tiny until the value path already profits from it, and yes/no and multiple choice sat at chance
 * for 2,700 steps. Telling one head where to look breaks that circle; the rest of the network learns to use it. The
 * loss is −log of the probability mass on the targets, averaged over the examples that have targets. The head looks
 * from the answer position or from the subject's last word ({@link From}).
 */
final class AttentionSupervision {
    private final int layer;
    private final int head;
    private final float weight;
    private final long imageTokenId;

    /** Where the supervised head looks from. */
    enum From {
        /** The position that predicts the answer: the head must first gather the question's words there. */
        ANSWER,
        /** The subject's last word ("circle" of "the red circle"), where the words are at hand. */
        SUBJECT
    }

    private final From from;

    AttentionSupervision(int layer, int head, double weight, long imageTokenId) {
        this(layer, head, weight, imageTokenId, From.ANSWER);
    }

    AttentionSupervision(int layer, int head, double weight, long imageTokenId, From from) {
        this.from = from;
        this.layer = layer;
        this.head = head;
        this.weight = (float) weight;
        this.imageTokenId = imageTokenId;
    }

    /** Captures the supervised layer's per-head probabilities during one forward pass (kept in the graph). */
    final class Capture implements ForwardObserver {
        private NDArray probs;

        @Override
        public Set<ObserverSite> sites() {
            return Set.of(ObserverSite.ATTENTION_HEAD_PROBS);
        }

        @Override
        public void observe(ObserverSite site, int layerId, NDArray value) {
            if (layerId == layer) {
                probs = value; // used for the loss inside the same training step's scope, then dropped
            }
        }

        NDArray probabilities() {
            return probs;
        }
    }

    Capture capture() {
        return new Capture();
    }

    /** Whether any example of the batch has targets. */
    boolean applies(List<TrainingExample> batch) {
        return batch.stream().anyMatch(this::supervised);
    }

    private boolean supervised(TrainingExample e) {
        return e.attentionTargets() != null && (from == From.ANSWER || e.subjectPosition() >= 0);
    }

    /**
     * @param probs (B, H, T, S) the supervised layer's attention probabilities over a right-padded batch
     */
    NDArray compute(NDArray probs, List<TrainingExample> batch, NDManager m) {
        int b = (int) probs.getShape().get(0);
        int t = (int) probs.getShape().get(2);
        int s = (int) probs.getShape().get(3);
        float[] query = new float[b * t]; // one-hot: the last prompt position of each row
        float[] targets = new float[b * s]; // 1 on the positions whose mass counts (all ones on unsupervised rows)
        float[] rowWeight = new float[b]; // 1 on supervised rows, 0 elsewhere
        int supervised = 0;
        for (int i = 0; i < b; i++) {
            TrainingExample e = batch.get(i);
            query[i * t + (from == From.SUBJECT && e.subjectPosition() >= 0 ? e.subjectPosition()
                    : e.answerPosition())] = 1f;
            int[] wanted = e.attentionTargets();
            if (!supervised(e)) {
                java.util.Arrays.fill(targets, i * s, (i + 1) * s, 1f); // keeps the log finite; weighted 0 below
                continue;
            }
            supervised++;
            rowWeight[i] = 1f;
            if (wanted.length == 0) {
                targets[i * s] = 1f; // nothing matches: the first token (BOS)
                continue;
            }
            int[] imagePositions = imagePositions(e.promptIds());
            for (int w : wanted) {
                targets[i * s + imagePositions[w]] = 1f;
            }
        }
        if (supervised == 0) {
            throw new IllegalArgumentException("no example of the batch has attention targets");
        }
        NDArray headProbs = probs.get(new ai.djl.ndarray.index.NDIndex(":, {}", head)); // (B, T, S)
        NDArray atQuery = m.create(query, new Shape(b, 1, t)).matMul(headProbs); // (B, 1, S)
        NDArray mass = atQuery.mul(m.create(targets, new Shape(b, 1, s))).sum(new int[] {1, 2}); // (B)
        NDArray nll = mass.add(m.create(1e-6f)).log().mul(m.create(rowWeight, new Shape(b))).sum();
        return nll.mul(m.create(-weight / supervised)); // an owned constant, not a freed temporary
    }

    /** Sequence positions of the image tokens, in order. */
    private int[] imagePositions(long[] promptIds) {
        return java.util.stream.IntStream.range(0, promptIds.length).filter(j -> promptIds[j] == imageTokenId)
                .toArray();
    }
}
