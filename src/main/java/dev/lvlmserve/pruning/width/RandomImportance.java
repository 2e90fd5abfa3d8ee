package dev.lvlmserve.pruning.width;

import dev.lvlmserve.model.llama.LayerShape;
import dev.lvlmserve.pruning.plan.ModelShape;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** Uniform random scores from a seeded generator per layer (independent of libtorch's RNG): the floor. */
public final class RandomImportance {
    private RandomImportance() {}

    public static Map<Integer, UnitScores> scores(ModelShape shape, List<Integer> layers, long seed) {
        Map<Integer, UnitScores> out = new LinkedHashMap<>();
        for (int id : layers) {
            LayerShape s = shape.layer(id);
            SplittableRandom r = new SplittableRandom(seed * 1_000_003L + id);
            out.put(id, new UnitScores(r.doubles(s.heads()).toArray(), r.doubles(s.kvHeads()).toArray(),
                    r.doubles(s.intermediate()).toArray()));
        }
        return out;
    }
}
