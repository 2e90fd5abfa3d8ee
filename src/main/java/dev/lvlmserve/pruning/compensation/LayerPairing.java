package dev.lvlmserve.pruning.compensation;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Paper §4.2: for each removed layer p the candidate is the retained layer r minimising |r − p| — nearer layers have
 * better-aligned features — and a retained layer is taken out of the pool once chosen, "to prevent potential feature
 * conflicts". Removed layers are paired in ascending order; on equal distance the earlier layer wins (DESIGN §3).
 * With fewer than half the layers removed there is always a retained layer left.
 */
public final class LayerPairing {
    private LayerPairing() {}

    public static List<LayerPair> nearestRetained(List<Integer> removed, List<Integer> retained) {
        TreeSet<Integer> pool = new TreeSet<>(retained);
        for (int p : removed) {
            if (pool.contains(p)) {
                throw new IllegalArgumentException("layer " + p + " is both removed and retained");
            }
        }
        List<LayerPair> pairs = new ArrayList<>();
        for (int p : removed.stream().sorted().toList()) {
            Integer below = pool.lower(p);
            Integer above = pool.higher(p);
            if (below == null && above == null) {
                throw new IllegalArgumentException("no retained layer is left for removed layer " + p + " (removed "
                        + removed + ", retained " + retained + ")");
            }
            int r;
            if (below == null) {
                r = above;
            } else if (above == null) {
                r = below;
            } else {
                r = p - below <= above - p ? below : above; // ties toward the earlier layer
            }
            pool.remove(r);
            pairs.add(new LayerPair(p, r));
        }
        return pairs;
    }
}
