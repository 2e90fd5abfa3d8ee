package dev.lvlmserve.pruning.compensation;

import dev.lvlmserve.pruning.Cancellation;
import dev.lvlmserve.pruning.ProgressListener;
import dev.lvlmserve.pruning.calibration.FeatureBank;
import dev.lvlmserve.pruning.calibration.FeatureKey;
import dev.lvlmserve.pruning.calibration.FeaturePooling;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;

/** Turns captured features into one subspace per retained layer of each SCP pair (paper §4.2, Eq. 7–9). */
public final class Compensator {
    private Compensator() {}

    /**
     * The paper's k = 64 at D = 4096, scaled with the hidden size: max(1, round(64·D/4096)). A 4096-wide model gets
     * the paper's value; a tiny test model still gets one direction.
     */
    public static int defaultRank(int hiddenSize) {
        return (int) Math.max(1, Math.round(64.0 * hiddenSize / 4096));
    }

    /** X^p and X^r for a pair: kept-token features of both use p's kept tokens, so H compares like with like. */
    public static FeatureKey[] keys(LayerPair pair, FeaturePooling pooling) {
        int tokens = pooling == FeaturePooling.KEPT_MEAN ? pair.removed() : FeatureKey.ALL_TOKENS;
        return new FeatureKey[] {new FeatureKey(pair.removed(), tokens), new FeatureKey(pair.retained(), tokens)};
    }

    public static Set<FeatureKey> featureKeys(List<LayerPair> pairs, FeaturePooling pooling) {
        Set<FeatureKey> keys = new LinkedHashSet<>();
        pairs.forEach(p -> keys.addAll(List.of(keys(p, pooling))));
        return keys;
    }

    /**
     * H = X^p − X^r and its top-{@code rank} right singular subspace for each pair, by retained layer.
     *
     * @param rank requested k; each subspace is clamped to H's numerical rank
     */
    public static Map<Integer, Subspace> subspaces(List<LayerPair> pairs, FeatureBank bank, FeaturePooling pooling,
            int rank, SvdStrategy svd, ProgressListener progress, BooleanSupplier cancelled) {
        Map<Integer, Subspace> out = new LinkedHashMap<>();
        int done = 0;
        for (LayerPair pair : pairs) {
            Cancellation.check(cancelled, "compensate");
            FeatureKey[] k = keys(pair, pooling);
            out.put(pair.retained(), SubspaceSvd.topK(bank.difference(k[0], k[1]), rank, svd));
            progress.onProgress("compensate", ++done, pairs.size());
        }
        return out;
    }
}
