package dev.lvlmserve.model.llava;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.lvlmserve.model.config.LlavaConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Random weights for every key of a config's {@link WeightLayout}, deterministic from a seed and independent of
 * libtorch's RNG: normal(0, std) for matrices and embeddings (transformers' {@code initializer_range}), ones for
 * norm weights, zeros for biases. Each tensor gets its own stream derived from the seed and the key, so adding a key
 * does not change the others.
 */
public final class RandomWeights {
    private RandomWeights() {}

    public static Map<String, NDArray> generate(LlavaConfig config, long seed, double std, NDManager manager) {
        Map<String, NDArray> out = new LinkedHashMap<>();
        WeightLayout.expectedShapes(config).forEach((key, shape) -> {
            if (key.equals(LlavaModel.LM_HEAD) && config.textConfig().tieWordEmbeddings()) {
                return;
            }
            out.put(key, manager.create(values(key, shape, seed, std), new Shape(shape)));
        });
        return out;
    }

    static float[] values(String key, long[] shape, long seed, double std) {
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        float[] v = new float[Math.toIntExact(n)];
        boolean isNorm = key.contains("norm") || key.contains("layrnorm");
        if (key.endsWith(".bias")) {
            return v;
        }
        if (isNorm) {
            java.util.Arrays.fill(v, 1f);
            return v;
        }
        SplittableRandom r = new SplittableRandom(seed ^ (key.hashCode() * 0x9E3779B97F4A7C15L));
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (r.nextGaussian() * std);
        }
        return v;
    }
}
