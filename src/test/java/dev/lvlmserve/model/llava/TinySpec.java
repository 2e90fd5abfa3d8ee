package dev.lvlmserve.model.llava;

import dev.lvlmserve.model.TinyModels;
import dev.lvlmserve.model.config.LlavaConfig;
import dev.lvlmserve.model.config.TextConfig;
import dev.lvlmserve.model.config.VisionConfig;
import java.util.List;
import java.util.function.Consumer;

/** A tiny LLaVA config with every setting a mutable field, so a test can change one and build the records. */
final class TinySpec {
    String modelType = "llama";
    int hidden = 32;
    int intermediate = 64;
    int layers = 4;
    int heads = 4;
    int kvHeads = 2;
    int headDim = 0;
    double rmsNormEps = 1e-6;
    double ropeTheta = 10000;
    double ropeFactor = 1;
    boolean attentionBias;
    boolean mlpBias;
    boolean tie;
    int slidingWindow;
    String visionAct = "quick_gelu";
    double layerNormEps = 1e-5;
    List<Integer> featureLayers = List.of(-2);
    String strategy = "default";
    boolean projectorBias = true;

    static LlavaConfig with(Consumer<TinySpec> change) {
        TinySpec s = new TinySpec();
        change.accept(s);
        return s.build();
    }

    LlavaConfig build() {
        TextConfig text = new TextConfig(modelType, TinyModels.VOCAB, hidden, intermediate, layers, heads, kvHeads,
                headDim, "silu", 256, rmsNormEps, ropeTheta, ropeFactor, attentionBias, mlpBias, tie, 1, 2, 0,
                slidingWindow);
        VisionConfig vision = new VisionConfig(16, 32, 3, 2, 3, 16, 4, visionAct, layerNormEps, 16);
        return new LlavaConfig(text, vision, TinyModels.IMAGE_TOKEN, "gelu", featureLayers, strategy, projectorBias,
                tie);
    }
}
