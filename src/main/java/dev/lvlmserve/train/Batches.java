package dev.lvlmserve.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.lvlmserve.model.generate.ForwardObserver;
import dev.lvlmserve.model.llava.LlavaModel;
import java.util.Arrays;
import java.util.List;

/**
 * Right-padded training batches: ids, attention mask, labels (−1 = not supervised) and pixel values. Shared by the
 * trainer and the recovery engine, whose teacher and student read the same batch.
 */
public record Batches(long[][] ids, long[][] attention, long[][] labels) {

    public static Batches of(List<TrainingExample> examples, long padId) {
        int b = examples.size();
        int len = examples.stream().mapToInt(e -> e.promptIds().length + e.targetIds().length).max().orElseThrow()
                - 1; // the last target is only predicted, never fed
        long[][] ids = new long[b][len];
        long[][] attention = new long[b][len];
        long[][] labels = new long[b][len];
        for (int i = 0; i < b; i++) {
            TrainingExample e = examples.get(i);
            long[] seq = new long[e.promptIds().length + e.targetIds().length];
            System.arraycopy(e.promptIds(), 0, seq, 0, e.promptIds().length);
            System.arraycopy(e.targetIds(), 0, seq, e.promptIds().length, e.targetIds().length);
            Arrays.fill(ids[i], padId);
            Arrays.fill(labels[i], -1);
            int fed = seq.length - 1;
            System.arraycopy(seq, 0, ids[i], 0, fed);
            Arrays.fill(attention[i], 0, fed, 1);
            for (int j = e.promptIds().length - 1; j < fed; j++) {
                labels[i][j] = seq[j + 1];
            }
        }
        return new Batches(ids, attention, labels);
    }

    /** What one training forward pass returns: the image features (null without images) and the hidden states. */
    public record Forward(NDArray imageFeatures, NDArray hidden) {}

    /**
     * The training forward pass over this batch of {@code examples} (the same list it was made from), in the model's
     * manager — the caller's scope owns the results.
     */
    public Forward forward(LlavaModel model, List<TrainingExample> examples, ForwardObserver observer) {
        NDManager m = model.manager();
        NDArray feats = null;
        if (examples.getFirst().pixelValues() != null) {
            int size = model.config().visionConfig().imageSize();
            feats = model.imageFeatures(pixels(examples, model.config().visionConfig().numChannels(), size, m),
                    ForwardObserver.NONE);
        }
        NDArray embeds = model.inputsEmbeds(ids, feats, m);
        return new Forward(feats, model.languageModel().forward(embeds, attention, null, observer));
    }

    static NDArray pixels(List<TrainingExample> examples, int channels, int size, NDManager m) {
        int per = channels * size * size;
        float[] all = new float[examples.size() * per];
        for (int i = 0; i < examples.size(); i++) {
            System.arraycopy(examples.get(i).pixelValues(), 0, all, i * per, per);
        }
        return m.create(all, new Shape(examples.size(), channels, size, size));
    }
}
