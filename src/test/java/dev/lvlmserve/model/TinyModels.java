package dev.lvlmserve.model;

import ai.djl.ndarray.NDManager;
import dev.lvlmserve.model.config.LlavaConfig;
import dev.lvlmserve.model.config.TextConfig;
import dev.lvlmserve.model.config.VisionConfig;
import dev.lvlmserve.model.llava.LlavaModel;
import dev.lvlmserve.model.llava.RandomWeights;
import dev.lvlmserve.model.nn.WeightMap;
import java.util.List;

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

    public static LlavaModel model(LlavaConfig config, long seed) {
        NDManager m = Djl.newManager();
        // std 0.2 keeps activations lively enough that bugs change the output
        return LlavaModel.full(config, new WeightMap(RandomWeights.generate(config, seed, 0.2, m)), m);
    }
}
