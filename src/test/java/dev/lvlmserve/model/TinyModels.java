package dev.lvlmserve.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.lvlmserve.model.config.LlavaConfig;
import dev.lvlmserve.model.config.TextConfig;
import dev.lvlmserve.model.config.VisionConfig;
import dev.lvlmserve.model.generate.ForwardObserver;
import dev.lvlmserve.model.llava.LlavaModel;
import dev.lvlmserve.model.llava.RandomWeights;
import dev.lvlmserve.model.nn.WeightMap;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/** Tiny random LLaVA models for tests: GQA (4 query heads over 2 kv heads), vision feature layer −2. */
public final class TinyModels {
    public static final int VOCAB = 64;
    public static final long IMAGE_TOKEN = 63;

    private TinyModels() {}

    public static LlavaConfig config(String textType, boolean tie) {
        TextConfig text = new TextConfig(textType, VOCAB, 32, 64, 4, 4, 2, 0, "silu", 256, 1e-6, 10000.0, 1.0,
                false, false, tie, 1, 2, 0);
        VisionConfig vision = new VisionConfig(16, 32, 3, 2, 3, 16, 4, "quick_gelu", 1e-5, 16);
        return new LlavaConfig(text, vision, IMAGE_TOKEN, "gelu", List.of(-2), "default", true, tie);
    }

    /** Logits of a fixed prompt with a fixed random image: the probe equality tests compare. */
    public static float[] logits(LlavaModel model) {
        try (NDManager m = model.manager().newSubManager()) {
            SplittableRandom r = new SplittableRandom(1);
            int size = model.config().visionConfig().imageSize();
            float[] px = new float[3 * size * size];
            for (int i = 0; i < px.length; i++) {
                px[i] = (float) r.nextGaussian();
            }
            int n = model.config().imageSeqLength();
            long[] ids = new long[3 + n + 4];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = i >= 3 && i < 3 + n ? IMAGE_TOKEN : 3 + (i * 7) % 40;
            }
            long[][] att = {new long[ids.length]};
            Arrays.fill(att[0], 1);
            NDArray feats = model.imageFeatures(m.create(px, new Shape(1, 3, size, size)), ForwardObserver.NONE);
            NDArray h = model.languageModel().forward(model.inputsEmbeds(new long[][] {ids}, feats, m), att, null,
                    ForwardObserver.NONE);
            return model.logits(h).toFloatArray();
        }
    }

    public static LlavaModel model(LlavaConfig config, long seed) {
        NDManager m = Djl.newManager();
        // std 0.2 keeps activations lively enough that bugs change the output
        return LlavaModel.full(config, new WeightMap(RandomWeights.generate(config, seed, 0.2, m)), m);
    }
}
