package dev.lvlmserve.model.llava;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.lvlmserve.model.config.LlavaConfig;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Random weights for every key of a config's {@link WeightLayout}, deterministic from a seed and independent of
 * libtorch's RNG. Each tensor gets its own stream derived from the seed and the key, so adding a key does not change
 * the others. Two flavours:
 *
 * <ul>
 *   <li>{@link #generate}: transformers' initialisation — normal(0, std) for matrices and embeddings
 *       ({@code initializer_range}), ones for norm weights, zeros for biases. Training starts from it.
 *   <li>{@link #fixture}: the same matrices, but norm weights 1 + normal(0, 0.1) and biases normal(0, std), so a
 *       model that skips a norm's weight or a bias computes something measurably different. Test checkpoints use
 *       it.
 * </ul>
 */
public final class RandomWeights {
    /** Spread of the fixture's norm weights around 1. */
    static final double NORM_SPREAD = 0.1;

    private RandomWeights() {}

    public static Map<String, NDArray> generate(LlavaConfig config, long seed, double std, NDManager manager) {
        return build(config, seed, std, false, manager);
    }

    public static Map<String, NDArray> fixture(LlavaConfig config, long seed, double std, NDManager manager) {
        return build(config, seed, std, true, manager);
    }

    private static Map<String, NDArray> build(LlavaConfig config, long seed, double std, boolean nonTrivial,
            NDManager manager) {
        Map<String, NDArray> out = new LinkedHashMap<>();
        WeightLayout.expectedShapes(config).forEach((key, shape) -> {
            if (key.equals(LlavaModel.LM_HEAD) && config.textConfig().tieWordEmbeddings()) {
                return;
            }
            out.put(key, manager.create(values(key, shape, seed, std, nonTrivial), new Shape(shape)));
        });
        return out;
    }

    private static float[] values(String key, long[] shape, long seed, double std, boolean nonTrivial) {
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        float[] v = new float[Math.toIntExact(n)];
        boolean isBias = key.endsWith(".bias");
        boolean isNorm = !isBias && (key.contains("norm") || key.contains("layrnorm"));
        if (!nonTrivial && isBias) {
            return v;
        }
        if (!nonTrivial && isNorm) {
            Arrays.fill(v, 1f);
            return v;
        }
        SplittableRandom r = new SplittableRandom(seed ^ (key.hashCode() * 0x9E3779B97F4A7C15L));
        for (int i = 0; i < v.length; i++) {
            double g = r.nextGaussian();
            v[i] = (float) (isNorm ? 1 + NORM_SPREAD * g : g * std);
        }
        return v;
    }
}
