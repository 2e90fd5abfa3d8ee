package dev.lvlmserve.model.llava;

import dev.lvlmserve.model.clip.ClipVisionModel;
import dev.lvlmserve.model.config.LlavaConfig;
import dev.lvlmserve.model.config.TextConfig;
import dev.lvlmserve.model.config.VisionConfig;
import dev.lvlmserve.model.llama.LayerShape;
import dev.lvlmserve.model.llama.LlamaModel;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every weight a llava-hf checkpoint of a given config holds, by canonical key, with its PyTorch shape. Strict
 * loading checks checkpoints against it; the fixture writer fills it with random values.
 */
public final class WeightLayout {
    private WeightLayout() {}

    public static Map<String, long[]> expectedShapes(LlavaConfig c) {
        return expectedShapes(c, null);
    }

    /** @param layers per-layer widths ({@link PerLayerWidths}), or null when every layer has the config's */
    public static Map<String, long[]> expectedShapes(LlavaConfig c, List<LayerShape> layers) {
        Map<String, long[]> s = new LinkedHashMap<>();
        vision(s, c.visionConfig());
        boolean pb = c.multimodalProjectorBias();
        long d = c.textConfig().hiddenSize();
        linear(s, LlavaMultiModalProjector.PREFIX + ".linear_1", d, c.projectorInputSize(), pb);
        linear(s, LlavaMultiModalProjector.PREFIX + ".linear_2", d, d, pb);
        text(s, c.textConfig(), layers);
        return s;
    }

    /** With tied embeddings a checkpoint may carry lm_head or not; transformers writes it only when untied. */
    public static Set<String> optionalKeys(LlavaConfig c) {
        return c.textConfig().tieWordEmbeddings() ? Set.of(LlavaModel.LM_HEAD) : Set.of();
    }

    private static void vision(Map<String, long[]> s, VisionConfig v) {
        String p = ClipVisionModel.PREFIX;
        long dv = v.hiddenSize();
        s.put(p + ".embeddings.class_embedding", new long[] {dv});
        s.put(p + ".embeddings.patch_embedding.weight",
                new long[] {dv, v.numChannels(), v.patchSize(), v.patchSize()});
        s.put(p + ".embeddings.position_embedding.weight", new long[] {v.numPatches() + 1, dv});
        norm(s, p + ".pre_layrnorm", dv);
        for (int i = 0; i < v.numHiddenLayers(); i++) {
            String l = p + ".encoder.layers." + i;
            for (String proj : new String[] {"k_proj", "v_proj", "q_proj", "out_proj"}) {
                linear(s, l + ".self_attn." + proj, dv, dv, true);
            }
            norm(s, l + ".layer_norm1", dv);
            linear(s, l + ".mlp.fc1", v.intermediateSize(), dv, true);
            linear(s, l + ".mlp.fc2", dv, v.intermediateSize(), true);
            norm(s, l + ".layer_norm2", dv);
        }
        norm(s, p + ".post_layernorm", dv);
    }

    private static void text(Map<String, long[]> s, TextConfig t, List<LayerShape> layers) {
        String p = LlamaModel.PREFIX;
        long d = t.hiddenSize();
        s.put(p + ".embed_tokens.weight", new long[] {t.vocabSize(), d});
        for (int i = 0; i < t.numHiddenLayers(); i++) {
            LayerShape w = layers != null ? layers.get(i)
                    : new LayerShape(i, t.numAttentionHeads(), t.numKeyValueHeads(), t.intermediateSize());
            long q = (long) w.heads() * t.headDim();
            long kv = (long) w.kvHeads() * t.headDim();
            long inter = w.intermediate();
            String l = p + ".layers." + i;
            linear(s, l + ".self_attn.q_proj", q, d, t.qkvBias());
            linear(s, l + ".self_attn.k_proj", kv, d, t.qkvBias());
            linear(s, l + ".self_attn.v_proj", kv, d, t.qkvBias());
            linear(s, l + ".self_attn.o_proj", d, q, t.oBias());
            linear(s, l + ".mlp.gate_proj", inter, d, t.mlpBias());
            linear(s, l + ".mlp.up_proj", inter, d, t.mlpBias());
            linear(s, l + ".mlp.down_proj", d, inter, t.mlpBias());
            s.put(l + ".input_layernorm.weight", new long[] {d});
            s.put(l + ".post_attention_layernorm.weight", new long[] {d});
        }
        s.put(p + ".norm.weight", new long[] {d});
        s.put(LlavaModel.LM_HEAD, new long[] {t.vocabSize(), d});
    }

    private static void linear(Map<String, long[]> s, String prefix, long out, long in, boolean bias) {
        s.put(prefix + ".weight", new long[] {out, in});
        if (bias) {
            s.put(prefix + ".bias", new long[] {out});
        }
    }

    private static void norm(Map<String, long[]> s, String prefix, long d) {
        s.put(prefix + ".weight", new long[] {d});
        s.put(prefix + ".bias", new long[] {d});
    }
}
