package dev.lvlmserve.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;

/**
 * A training-only linear probe on the image positions' projected features (B, N, D) → colour, shape and size classes
 * of each position's cell, cross-entropy, weighted. Its weight lives with the optimizer state and is never saved: the
 * checkpoint stays a plain LLaVA.
 */
final class PatchAuxiliaryLoss {
    private final NDArray weight; // (D, classes)
    private final float scale;

    PatchAuxiliaryLoss(int hidden, double scale, NDManager owner) {
        // seeded in Java, not by libtorch's global RNG, so runs repeat exactly
        java.util.SplittableRandom r = new java.util.SplittableRandom(0x5EEDL);
        float[] init = new float[hidden * CellLabels.CLASSES];
        for (int i = 0; i < init.length; i++) {
            init[i] = (float) (r.nextGaussian() * 0.02);
        }
        this.weight = owner.create(init, new Shape(hidden, CellLabels.CLASSES));
        this.weight.setRequiresGradient(true);
        this.scale = (float) scale;
    }

    NDArray weight() {
        return weight;
    }

    NDArray compute(NDArray features, List<TrainingExample> batch, NDManager m) {
        int b = (int) features.getShape().get(0);
        int n = (int) features.getShape().get(1);
        NDArray logits = features.matMul(weight); // (B, N, classes)
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
            NDArray slice = logits.get(new ai.djl.ndarray.index.NDIndex(":, :, {}:{}", offset, offset + w));
            NDArray nll = slice.logSoftmax(-1).mul(m.create(target, new Shape(b, n, w))).sum();
            total = total == null ? nll : total.add(nll);
            offset += w;
        }
        return total.mul(m.create(-scale / (b * n))); // an owned constant, not a freed temporary
    }
}
