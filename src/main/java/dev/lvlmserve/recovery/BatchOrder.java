package dev.lvlmserve.recovery;

import dev.lvlmserve.train.TrainingExample;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Batches over a data fraction, epoch after epoch, each epoch a fresh permutation drawn from (seed, epoch): every
 * example is seen once per epoch, and a run replays exactly from its seed. A fraction smaller than a batch fills the
 * batch by wrapping around.
 */
final class BatchOrder {
    private final int size;
    private final int batchSize;
    private final long seed;
    private int[] permutation;
    private int epoch = -1;
    private int next;

    BatchOrder(int size, int batchSize, long seed) {
        this.size = size;
        this.batchSize = batchSize;
        this.seed = seed;
    }

    List<TrainingExample> next(RecoveryData data) {
        List<TrainingExample> out = new ArrayList<>(batchSize);
        for (int i = 0; i < batchSize; i++) {
            out.add(data.example(nextIndex()));
        }
        return out;
    }

    int nextIndex() {
        if (permutation == null || next == size) {
            epoch++;
            permutation = shuffle(size, new SplittableRandom(seed * 31 + epoch));
            next = 0;
        }
        return permutation[next++];
    }

    private static int[] shuffle(int n, SplittableRandom r) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
