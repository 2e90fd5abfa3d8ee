package dev.lvlmserve.model.llava;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import dev.lvlmserve.model.Djl;
import dev.lvlmserve.model.TinyModels;
import dev.lvlmserve.model.config.LlavaConfig;
import dev.lvlmserve.model.generate.ForwardObserver;
import dev.lvlmserve.model.generate.KvCache;
import dev.lvlmserve.model.nn.WeightMap;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
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
    /** Allowed |runtime − reference| relative to the largest |logit| (float32 against double). */
    static final double TOLERANCE = 2e-5;

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
            Map<String, float[]> plain = floats(w);
            long[] ids = prompt(on);
            float[] px = pixels(on, 5);
            double[][] want = new ReferenceLlava(on, plain).logits(ids, px);
            double[][] ignored = new ReferenceLlava(off, plain).logits(ids, px);
            float[] got = runtimeLogits(model, ids, px);
            double scale = maxAbs(want);
            assertTrue(scale > 0.1, setting + ": the fixture's logits are lively (" + scale + ")");
            double err = maxDiff(want, got);
            assertTrue(err <= TOLERANCE * scale, setting + ": runtime vs reference " + err + " of " + scale);
            double effect = maxDiff(want, flatten(ignored));
            assertTrue(effect >= SEPARATION * TOLERANCE * scale, setting + ": switching it off moves the logits "
                    + "by only " + effect + " of " + scale + ", so this test could not see it ignored");
        }
    }

    static Stream<Setting> shapes() {
        return Stream.of(
                new Setting("head_dim override", s -> s.headDim = 16, s -> {}),
                new Setting("multi-query attention", s -> s.kvHeads = 1, s -> {}),
                new Setting("multi-head attention", s -> s.kvHeads = 4, s -> {}),
                new Setting("vision_feature_layer list", s -> s.featureLayers = List.of(-3, -1), s -> {}),
                new Setting("vision_feature_select_strategy full", s -> s.strategy = "full", s -> {}),
                new Setting("vision_feature_layer 0 (the embeddings)", s -> s.featureLayers = List.of(0, -2),
                        s -> {}));
    }

    /**
     * Settings that change tensor shapes or the image's length: ignoring them fails strict loading or the image-token
     * count check; computing them must be right.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("shapes")
    void settingsThatShapeTheWeightsComputeWhatTheReferenceComputes(Setting setting) {
        LlavaConfig on = TinySpec.with(setting.on());
        LlavaConfig plain = TinySpec.with(s -> {});
        boolean sameShapes = WeightLayout.expectedShapes(on).entrySet().stream()
                .allMatch(e -> Arrays.equals(e.getValue(), WeightLayout.expectedShapes(plain).get(e.getKey())));
        assertTrue(!sameShapes || on.imageSeqLength() != plain.imageSeqLength(),
                setting + " changes a weight's shape or the number of image positions");
        NDManager m = Djl.newManager();
        Map<String, NDArray> w = RandomWeights.fixture(on, 12, 0.2, m);
        try (LlavaModel model = LlavaModel.full(on, new WeightMap(w), m)) {
            long[] ids = prompt(on);
            float[] px = pixels(on, 6);
            double[][] want = new ReferenceLlava(on, floats(w)).logits(ids, px);
            double scale = maxAbs(want);
            double err = maxDiff(want, runtimeLogits(model, ids, px));
            assertTrue(err <= TOLERANCE * scale, setting + ": runtime vs reference " + err + " of " + scale);
        }
    }

    /** The window in decode: each cached step's logits equal the reference's at that position. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("windows")
    void cachedDecodeStepsApplyTheSlidingWindowToo(String type) {
        LlavaConfig c = TinySpec.with(s -> {
            s.modelType = type;
            s.slidingWindow = 4;
        });
        NDManager m = Djl.newManager();
        Map<String, NDArray> w = RandomWeights.fixture(c, 13, 0.2, m);
        try (LlavaModel model = LlavaModel.full(c, new WeightMap(w), m); NDManager sub = m.newSubManager();
                KvCache cache = new KvCache(c.textConfig().numHiddenLayers(), sub)) {
            long[] ids = {1, 5, 9, 14, 3, 22, 7, 30, 11, 8, 17, 40};
            double[][] want = new ReferenceLlava(c, floats(w)).logits(ids, null);
            int prefill = 5;
            long[][] att = {ones(prefill)};
            model.languageModel().forward(model.inputsEmbeds(new long[][] {Arrays.copyOf(ids, prefill)}, null, sub),
                    att, cache, ForwardObserver.NONE);
            double scale = maxAbs(want);
            for (int pos = prefill; pos < ids.length; pos++) {
                att = new long[][] {ones(pos + 1)};
                NDArray h = model.languageModel().forward(model.inputsEmbeds(new long[][] {{ids[pos]}}, null, sub),
                        att, cache, ForwardObserver.NONE);
                float[] got = model.logits(h.get(new NDIndex(":, -1, :"))).toFloatArray();
                double err = 0;
                for (int v = 0; v < got.length; v++) {
                    err = Math.max(err, Math.abs(got[v] - want[pos][v]));
                }
                assertTrue(err <= TOLERANCE * scale, type + " decode at " + pos + ": " + err + " of " + scale);
            }
        }
    }

    static Stream<String> windows() {
        return Stream.of("mistral", "qwen2");
    }

    static long[] ones(int n) {
        long[] a = new long[n];
        Arrays.fill(a, 1);
        return a;
    }

    /** BOS, two words, the image positions, eight words: longer than the windows tested. */
    static long[] prompt(LlavaConfig c) {
        int n = c.imageSeqLength();
        long[] ids = new long[3 + n + 8];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = i == 0 ? 1 : i >= 3 && i < 3 + n ? TinyModels.IMAGE_TOKEN : 3 + (i * 7) % 50;
        }
        return ids;
    }

    static float[] pixels(LlavaConfig c, long seed) {
        int size = c.visionConfig().imageSize();
        SplittableRandom r = new SplittableRandom(seed);
        float[] px = new float[3 * size * size];
        for (int i = 0; i < px.length; i++) {
            px[i] = (float) r.nextGaussian();
        }
        return px;
    }

    /** All positions' logits, flattened (T·V), from the runtime without a cache. */
    static float[] runtimeLogits(LlavaModel model, long[] ids, float[] px) {
        try (NDManager m = model.manager().newSubManager()) {
            int size = model.config().visionConfig().imageSize();
            NDArray feats = model.imageFeatures(m.create(px, new Shape(1, 3, size, size)), ForwardObserver.NONE);
            NDArray h = model.languageModel().forward(model.inputsEmbeds(new long[][] {ids}, feats, m),
                    new long[][] {ones(ids.length)}, null, ForwardObserver.NONE);
            return model.logits(h).toFloatArray();
        }
    }

    static Map<String, float[]> floats(Map<String, NDArray> w) {
        Map<String, float[]> out = new LinkedHashMap<>();
        w.forEach((k, v) -> out.put(k, v.toFloatArray()));
        return out;
    }

    static float[] flatten(double[][] x) {
        float[] out = new float[x.length * x[0].length];
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < x[i].length; j++) {
                out[i * x[0].length + j] = (float) x[i][j];
            }
        }
        return out;
    }

    static double maxAbs(double[][] x) {
        double m = 0;
        for (double[] r : x) {
            for (double v : r) {
                m = Math.max(m, Math.abs(v));
            }
        }
        return m;
    }

    static double maxDiff(double[][] want, float[] got) {
        assertEquals(want.length * want[0].length, got.length, "logit count");
        double m = 0;
        for (int i = 0; i < want.length; i++) {
            for (int j = 0; j < want[i].length; j++) {
                m = Math.max(m, Math.abs(want[i][j] - got[i * want[i].length + j]));
            }
        }
        return m;
    }
}
