package dev.lvlmserve.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.util.List;

/**
 * A training-only probe on the image positions' projected features (B, N, D) → colour, shape and size classes of
 * each position's cell, cross-entropy, weighted. Its own weights live with the optimizer state and are never saved:
 * the checkpoint stays a plain LLaVA.
 *
 * <p>Two probes. {@code linear}: a free (D, classes) matrix. {@code embedding}: a class is scored by the decoder's
 * input embedding of the word that names it ("red", "circle", "small"; only the "empty" classes keep free vectors),
 * so an image position that shows a red circle is pulled towards the same directions as the words "red" and
 * "circle" in the question. Finding "the red circle" among the image positions then needs one shared matching
 * rule instead of a learned pairing per word; with the free probe the decoder had not learned that pairing after
 * 2,700 steps (yes/no and multiple choice stayed at chance while captions were perfect).
 */
final class PatchAuxiliaryLoss {
    private final NDArray weight; // (D, classes): the whole probe (linear) or the "empty" columns only (embedding)
    private final NDArray embedTokens; // (V, D) decoder input embeddings, or null for the linear probe
    private final NDArray wordSelect; // (V, classes) one-hot: class → its word's row; zero columns for "empty"
    private final NDArray freeMask; // (1, classes): 1 where the free weight applies
    private final float scale;

    /**
     * @param classWordIds for the embedding probe, each class's word id (−1 for the "empty" classes); null for the
     *     linear probe
     */
    PatchAuxiliaryLoss(int hidden, double scale, NDManager owner, NDArray embedTokens, long[] classWordIds) {
        // seeded in Java, not by libtorch's global RNG, so runs repeat exactly
        java.util.SplittableRandom r = new java.util.SplittableRandom(0x5EEDL);
        float[] init = new float[hidden * CellLabels.CLASSES];
        for (int i = 0; i < init.length; i++) {
            init[i] = (float) (r.nextGaussian() * 0.02);
        }
        this.weight = owner.create(init, new Shape(hidden, CellLabels.CLASSES));
        this.weight.setRequiresGradient(true);
        this.scale = (float) scale;
        this.embedTokens = classWordIds == null ? null : embedTokens;
        if (classWordIds == null) {
            this.wordSelect = null;
            this.freeMask = null;
            return;
        }
        if (classWordIds.length != CellLabels.CLASSES) {
            throw new IllegalArgumentException("one word id per class expected");
        }
        int vocab = (int) embedTokens.getShape().get(0);
        float[] select = new float[vocab * CellLabels.CLASSES];
        float[] mask = new float[CellLabels.CLASSES];
        for (int c = 0; c < CellLabels.CLASSES; c++) {
            if (classWordIds[c] < 0) {
                mask[c] = 1f;
            } else {
                select[(int) classWordIds[c] * CellLabels.CLASSES + c] = 1f;
            }
        }
        this.wordSelect = owner.create(select, new Shape(vocab, CellLabels.CLASSES));
        this.freeMask = owner.create(mask, new Shape(1, CellLabels.CLASSES));
    }

    /**
     * Linear probe: plain dot products. Embedding probe: cosine similarity times {@link #COSINE_SCALE}: the image
     * features' norms are tens of times the embeddings', and raw dot products started at a cross-entropy of ~11
     * whose gradient would first have rescaled everything instead of aligning directions.
     */
    private NDArray logits(NDArray features, NDManager m) {
        if (embedTokens == null) {
            return features.matMul(weight);
        }
        NDArray classes = classMatrix();
        NDArray f = features.div(features.norm(new int[] {-1}, true).add(m.create(1e-6f)));
        NDArray c = classes.div(classes.norm(new int[] {0}, true).add(m.create(1e-6f)));
        return f.matMul(c).mul(m.create(COSINE_SCALE));
    }

    /** Logit of a perfectly aligned class: softmax over 3–7 classes can get close to one-hot, not beyond. */
    static final float COSINE_SCALE = 10f;

    NDArray weight() {
        return weight;
    }

    /** The (D, classes) matrix the features are scored with; for the embedding probe, built from the live weights. */
    private NDArray classMatrix() {
        if (embedTokens == null) {
            return weight;
        }
        return embedTokens.transpose().matMul(wordSelect).add(weight.mul(freeMask));
    }

    NDArray compute(NDArray features, List<TrainingExample> batch, NDManager m) {
        int b = (int) features.getShape().get(0);
        int n = (int) features.getShape().get(1);
        NDArray logits = logits(features, m); // (B, N, classes)
        int[] widths = {CellLabels.COLOURS, CellLabels.SHAPES, CellLabels.SIZES};
        NDArray total = null;
        int offset = 0;
        for (int head = 0; head < 3; head++) {
            int w = widths[head];
            float[] target = new float[b * n * w];
            for (int i = 0; i < b; i++) {
                int[] labels = batch.get(i).patchLabels();
                for (int p = 0; p < n; p++) {
                    target[(i * n + p) * w + labels[p * 3 + head]] = 1f;
                }
            }
            NDArray slice = logits.get(new NDIndex(":, :, {}:{}", offset, offset + w));
            NDArray nll = slice.logSoftmax(-1).mul(m.create(target, new Shape(b, n, w))).sum();
            total = total == null ? nll : total.add(nll);
            offset += w;
        }
        return total.mul(m.create(-scale / (b * n))); // an owned constant, not a freed temporary
    }
}
