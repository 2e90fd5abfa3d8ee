package dev.lvlmserve.model.llava;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import dev.lvlmserve.model.Djl;
import dev.lvlmserve.model.config.LlavaConfig;
import dev.lvlmserve.model.generate.ForwardObserver;
import dev.lvlmserve.model.generate.ConcatKvCache;
import dev.lvlmserve.model.generate.KvCache;
import dev.lvlmserve.model.nn.WeightMap;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The settings {@link ConfigFlagsTest} cannot switch off on the same weights — those that shape the tensors or the
 * image's length — against {@link ReferenceLlava}, and the sliding window in cached decode, step by step.
 */
class ConfigShapesTest {
    record Setting(String name, Consumer<TinySpec> on) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Setting> shapes() {
        return Stream.of(
                new Setting("head_dim override", s -> s.headDim = 16),
                new Setting("multi-query attention", s -> s.kvHeads = 1),
                new Setting("multi-head attention", s -> s.kvHeads = 4),
                new Setting("vision_feature_layer list", s -> s.featureLayers = List.of(-3, -1)),
                new Setting("vision_feature_select_strategy full", s -> s.strategy = "full"),
                new Setting("vision_feature_layer 0 (the embeddings)", s -> s.featureLayers = List.of(0, -2)));
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
            long[] ids = ReferenceRuns.prompt(on);
            float[] px = ReferenceRuns.pixels(on, 6);
            double[][] want = new ReferenceLlava(on, ReferenceRuns.floats(w)).logits(ids, px);
            double scale = ReferenceRuns.maxAbs(want);
            double err = ReferenceRuns.maxDiff(want, ReferenceRuns.runtimeLogits(model, ids, px));
            assertTrue(err <= ReferenceRuns.TOLERANCE * scale,
                    setting + ": runtime vs reference " + err + " of " + scale);
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
                KvCache cache = new ConcatKvCache(c.textConfig().numHiddenLayers(), sub)) {
            long[] ids = {1, 5, 9, 14, 3, 22, 7, 30, 11, 8, 17, 40};
            double[][] want = new ReferenceLlava(c, ReferenceRuns.floats(w)).logits(ids, null);
            int prefill = 5;
            long[][] att = {ReferenceRuns.ones(prefill)};
            model.languageModel().forward(model.inputsEmbeds(new long[][] {Arrays.copyOf(ids, prefill)}, null, sub),
                    att, cache, ForwardObserver.NONE);
            double scale = ReferenceRuns.maxAbs(want);
            for (int pos = prefill; pos < ids.length; pos++) {
                att = new long[][] {ReferenceRuns.ones(pos + 1)};
                NDArray h = model.languageModel().forward(model.inputsEmbeds(new long[][] {{ids[pos]}}, null, sub),
                        att, cache, ForwardObserver.NONE);
                float[] got = model.logits(h.get(new NDIndex(":, -1, :"))).toFloatArray();
                double err = 0;
                for (int v = 0; v < got.length; v++) {
                    err = Math.max(err, Math.abs(got[v] - want[pos][v]));
                }
                assertTrue(err <= ReferenceRuns.TOLERANCE * scale,
                        type + " decode at " + pos + ": " + err + " of " + scale);
            }
        }
    }

    static Stream<String> windows() {
        return Stream.of("mistral", "qwen2");
    }
}
