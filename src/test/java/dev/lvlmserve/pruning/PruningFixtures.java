package dev.lvlmserve.pruning;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.lvlmserve.model.Djl;
import dev.lvlmserve.model.TinyModels;
import dev.lvlmserve.model.config.LlavaConfig;
import dev.lvlmserve.model.generate.ForwardObserver;
import dev.lvlmserve.model.llava.LlavaModel;
import dev.lvlmserve.model.llava.RandomWeights;
import dev.lvlmserve.model.nn.WeightMap;
import dev.lvlmserve.pruning.calibration.CalibrationSample;
import dev.lvlmserve.pruning.calibration.InMemoryCalibrationSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * An 8-layer tiny LLaVA (TinyModels' config with more decoder layers, so ratios up to 0.45 remove up to 4 of the 4
 * deeper-half candidates) and calibration prompts shaped like LLaVA's: BOS, system text, the 16 image positions, the
 * question.
 */
public final class PruningFixtures {
    public static final LlavaConfig CONFIG = TinyModels.config("llama", false)
            .withTextConfig(TinyModels.config("llama", false).textConfig().withNumHiddenLayers(8));
    public static final int IMAGE_POSITIONS = CONFIG.imageSeqLength();
    public static final int PIXELS = 3 * 16 * 16;

    private PruningFixtures() {}

    public static LlavaModel model(long seed) {
        NDManager m = Djl.newManager();
        return LlavaModel.full(CONFIG, new WeightMap(RandomWeights.generate(CONFIG, seed, 0.2, m)), m);
    }

    /** A prompt with {@code before} text tokens, the image (if any), then {@code after} text tokens. */
    public static CalibrationSample sample(String id, int before, int after, boolean image, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<Long> ids = new ArrayList<>();
        ids.add(1L);
        for (int i = 0; i < before; i++) {
            ids.add(3L + r.nextInt(50));
        }
        if (image) {
            for (int i = 0; i < IMAGE_POSITIONS; i++) {
                ids.add(TinyModels.IMAGE_TOKEN);
            }
        }
        for (int i = 0; i < after; i++) {
            ids.add(3L + r.nextInt(50));
        }
        float[] px = null;
        if (image) {
            px = new float[PIXELS];
            for (int i = 0; i < px.length; i++) {
                px[i] = (float) r.nextGaussian();
            }
        }
        return new CalibrationSample(ids.stream().mapToLong(Long::longValue).toArray(), px, id);
    }

    public static List<CalibrationSample> samples(int n, long seed) {
        List<CalibrationSample> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(sample("s" + i, 2 + i % 3, 3 + (i * 5) % 7, true, seed * 1000 + i));
        }
        return out;
    }

    public static InMemoryCalibrationSource source(int n) {
        return new InMemoryCalibrationSource(samples(n, 11));
    }

    /** Like {@link #samples}, the last two text tokens being the answer (what answer-token losses score). */
    public static List<CalibrationSample> answered(int n, long seed) {
        return samples(n, seed).stream().map(s -> new CalibrationSample(s.promptIds(), s.pixelValues(), s.id(), 2))
                .toList();
    }

    public static InMemoryCalibrationSource answeredSource(int n) {
        return new InMemoryCalibrationSource(answered(n, 11));
    }

    /** Logits of a fixed prompt with an image: the probe every equality test compares. */
    public static float[] logits(LlavaModel model) {
        CalibrationSample s = sample("probe", 3, 5, true, 99);
        try (NDManager m = model.manager().newSubManager()) {
            long[][] att = {new long[s.promptIds().length]};
            Arrays.fill(att[0], 1);
            NDArray feats = model.imageFeatures(m.create(s.pixelValues(), new Shape(1, 3, 16, 16)),
                    ForwardObserver.NONE);
            NDArray h = model.languageModel().forward(model.inputsEmbeds(new long[][] {s.promptIds()}, feats, m),
                    att, null, ForwardObserver.NONE);
            return model.logits(h).toFloatArray();
        }
    }
}
