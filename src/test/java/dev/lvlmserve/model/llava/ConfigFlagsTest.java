package dev.lvlmserve.model.llava;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.lvlmserve.model.Djl;
import dev.lvlmserve.model.config.LlavaConfig;
import dev.lvlmserve.model.nn.WeightMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every config setting the runtime reads, against {@link ReferenceLlava}: the runtime must compute what the
 * reference computes with the setting on, and the reference with the setting off (the same weights) must compute
 * something clearly different — so a runtime that ignored the setting would fail here. Weights come from
 * {@link RandomWeights#fixture}: random norm weights and biases, without which a dropped norm or bias is invisible.
 */
class ConfigFlagsTest {
    /** How much larger than the tolerance the effect of switching a setting off must be. */
    static final double SEPARATION = 100;

    record Setting(String name, Consumer<TinySpec> on, Consumer<TinySpec> off) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Setting> settings() {
        return Stream.of(
                new Setting("attention_bias", s -> s.attentionBias = true, s -> {}),
                new Setting("mlp_bias", s -> s.mlpBias = true, s -> {}),
                new Setting("qwen2 q/k/v biases", s -> s.modelType = "qwen2", s -> {}),
                new Setting("tie_word_embeddings", s -> s.tie = true, s -> {}),
                new Setting("rope_theta", s -> s.ropeTheta = 500000, s -> {}),
                new Setting("rope_scaling linear", s -> s.ropeFactor = 4, s -> {}),
                new Setting("rms_norm_eps", s -> s.rmsNormEps = 0.5, s -> {}),
                new Setting("mistral sliding_window", s -> mistral(s, 5), s -> mistral(s, 0)),
                new Setting("qwen2 use_sliding_window", s -> qwen2(s, 5), s -> qwen2(s, 0)),
                new Setting("vision_feature_layer", s -> s.featureLayers = List.of(-1), s -> {}),
                new Setting("vision_feature_layer list order", s -> s.featureLayers = List.of(-1, -3),
                        s -> s.featureLayers = List.of(-3, -1)),
                new Setting("vision hidden_act gelu", s -> s.visionAct = "gelu", s -> {}),
                new Setting("vision layer_norm_eps", s -> s.layerNormEps = 0.5, s -> {}),
                new Setting("multimodal_projector_bias false", s -> s.projectorBias = false, s -> {}));
    }

    static void mistral(TinySpec s, int window) {
        s.modelType = "mistral";
        s.slidingWindow = window;
    }

    static void qwen2(TinySpec s, int window) {
        s.modelType = "qwen2";
        s.slidingWindow = window;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("settings")
    void theRuntimeFollowsTheReferenceAndTheSettingChangesTheAnswer(Setting setting) {
        LlavaConfig on = TinySpec.with(setting.on());
        LlavaConfig off = TinySpec.with(setting.off());
        NDManager m = Djl.newManager();
        Map<String, NDArray> w = new LinkedHashMap<>(RandomWeights.fixture(on, 11, 0.2, m));
        RandomWeights.fixture(off, 11, 0.2, m).forEach(w::putIfAbsent); // e.g. the lm_head a tied model ignores
        try (LlavaModel model = LlavaModel.full(on, new WeightMap(w), m)) {
            Map<String, float[]> plain = ReferenceRuns.floats(w);
            long[] ids = ReferenceRuns.prompt(on);
            float[] px = ReferenceRuns.pixels(on, 5);
            double[][] want = new ReferenceLlava(on, plain).logits(ids, px);
            double[][] ignored = new ReferenceLlava(off, plain).logits(ids, px);
            float[] got = ReferenceRuns.runtimeLogits(model, ids, px);
            double scale = ReferenceRuns.maxAbs(want);
            assertTrue(scale > 0.1, setting + ": the fixture's logits are lively (" + scale + ")");
            double err = ReferenceRuns.maxDiff(want, got);
            assertTrue(err <= ReferenceRuns.TOLERANCE * scale,
                    setting + ": runtime vs reference " + err + " of " + scale);
            double effect = ReferenceRuns.maxDiff(want, ReferenceRuns.flatten(ignored));
            assertTrue(effect >= SEPARATION * ReferenceRuns.TOLERANCE * scale, setting + ": switching it off moves "
                    + "the logits by only " + effect + " of " + scale + ", so this test could not see it ignored");
        }
    }
}
