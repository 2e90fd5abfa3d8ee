package dev.lvlmserve.model.llava;

import dev.lvlmserve.model.config.LlavaConfig;
import dev.lvlmserve.model.config.TextConfig;
import java.util.Map;

/**
 * The slow, obvious twin of {@link LlavaModel}: LLaVA written from the maths of transformers' modeling_clip,
 * modeling_llava and modeling_llama / _mistral / _qwen2, in double-precision loops over plain arrays, for one
 * unpadded sequence ({@link ReferenceClip} for the image, {@link ReferenceOps} for the building blocks). It reads
 * every config setting itself, so a test can run it with a setting switched off on the same weights and show that
 * the setting changes the answer. Nothing here is shared with the runtime's code.
 */
final class ReferenceLlava {
    private final LlavaConfig config;
    private final ReferenceOps ops;
    private final ReferenceClip vision;

    /** @param weights canonical key → row-major values in PyTorch's layout */
    ReferenceLlava(LlavaConfig config, Map<String, float[]> weights) {
        this.config = config;
        this.ops = new ReferenceOps(weights);
        this.vision = new ReferenceClip(config, weights);
    }

    /** Logits (T × V) for {@code ids}, whose image tokens take the features of {@code pixels} (C·H·W) in order. */
    double[][] logits(long[] ids, float[] pixels) {
        TextConfig t = config.textConfig();
        double[][] features = pixels == null ? new double[0][] : vision.imageFeatures(pixels);
        String p = "language_model.model.";
        double[][] h = new double[ids.length][];
        int next = 0;
        for (int i = 0; i < ids.length; i++) {
            boolean image = ids[i] == config.imageTokenIndex() && pixels != null;
            h[i] = image ? features[next++] : ops.row(p + "embed_tokens.weight", (int) ids[i], t.hiddenSize());
        }
        if (pixels != null && next != features.length) {
            throw new IllegalArgumentException(next + " image tokens for " + features.length + " features");
        }
        for (int l = 0; l < t.numHiddenLayers(); l++) {
            h = decoderLayer(h, p + "layers." + l + ".");
        }
        h = ops.rmsNorm(h, p + "norm.weight", t.rmsNormEps());
        String head = t.tieWordEmbeddings() ? p + "embed_tokens.weight" : LlavaModel.LM_HEAD;
        return ops.linear(h, head, null, t.vocabSize(), t.hiddenSize());
    }

    // ---- decoder (modeling_llama, with Mistral's window and Qwen2's biases) ----

    private double[][] decoderLayer(double[][] x, String p) {
        TextConfig t = config.textConfig();
        int d = t.hiddenSize();
        int hd = t.headDim();
        int q = t.numAttentionHeads() * hd;
        int kv = t.numKeyValueHeads() * hd;
        boolean qkvBias = t.attentionBias() || t.modelType().equals("qwen2");
        double[][] n = ops.rmsNorm(x, p + "input_layernorm.weight", t.rmsNormEps());
        String a = p + "self_attn.";
        double[][] qs = ops.linear(n, a + "q_proj.weight", qkvBias ? a + "q_proj.bias" : null, q, d);
        double[][] ks = ops.linear(n, a + "k_proj.weight", qkvBias ? a + "k_proj.bias" : null, kv, d);
        double[][] vs = ops.linear(n, a + "v_proj.weight", qkvBias ? a + "v_proj.bias" : null, kv, d);
        rope(qs, t.numAttentionHeads(), hd);
        rope(ks, t.numKeyValueHeads(), hd);
        double[][] att = ReferenceOps.attention(qs, ks, vs, t.numAttentionHeads(), t.numKeyValueHeads(), hd,
                t.slidingWindow(), true);
        double[][] h = ReferenceOps.add(x, ops.linear(att, a + "o_proj.weight",
                t.attentionBias() ? a + "o_proj.bias" : null, d, q));
        double[][] n2 = ops.rmsNorm(h, p + "post_attention_layernorm.weight", t.rmsNormEps());
        int m = t.intermediateSize();
        String mlp = p + "mlp.";
        boolean bias = t.mlpBias();
        double[][] gate = ops.linear(n2, mlp + "gate_proj.weight", bias ? mlp + "gate_proj.bias" : null, m, d);
        double[][] up = ops.linear(n2, mlp + "up_proj.weight", bias ? mlp + "up_proj.bias" : null, m, d);
        for (int i = 0; i < gate.length; i++) {
            for (int j = 0; j < m; j++) {
                gate[i][j] = gate[i][j] * ReferenceOps.sigmoid(gate[i][j]) * up[i][j];
            }
        }
        double[][] down = ops.linear(gate, mlp + "down_proj.weight", bias ? mlp + "down_proj.bias" : null, d, m);
        return ReferenceOps.add(h, down);
    }

    /** RoPE on every head of every position 0..T−1, rotate_half pairing (i, i + hd/2), linear scaling. */
    private void rope(double[][] x, int heads, int hd) {
        TextConfig t = config.textConfig();
        for (int pos = 0; pos < x.length; pos++) {
            for (int h = 0; h < heads; h++) {
                for (int i = 0; i < hd / 2; i++) {
                    double angle = pos / t.ropeScalingFactor() / Math.pow(t.ropeTheta(), 2.0 * i / hd);
                    int a = h * hd + i;
                    int b = a + hd / 2;
                    double x1 = x[pos][a];
                    double x2 = x[pos][b];
                    x[pos][a] = x1 * Math.cos(angle) - x2 * Math.sin(angle);
                    x[pos][b] = x2 * Math.cos(angle) + x1 * Math.sin(angle);
                }
            }
        }
    }
}
