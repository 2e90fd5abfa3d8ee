package dev.lvlmserve.model.llava;

import dev.lvlmserve.model.config.LlavaConfig;
import dev.lvlmserve.model.config.TextConfig;
import dev.lvlmserve.model.config.VisionConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The slow, obvious twin of {@link LlavaModel}: LLaVA written from the maths of transformers' modeling_clip,
 * modeling_llava and modeling_llama / _mistral / _qwen2, in double-precision loops over plain arrays, for one
 * unpadded sequence. It reads every config setting itself, so a test can run it with a setting switched off on the
 * same weights and show that the setting changes the answer. Nothing here is shared with the runtime's code.
 */
final class ReferenceLlava {
    private final LlavaConfig config;
    private final Map<String, float[]> w;

    /** @param weights canonical key → row-major values in PyTorch's layout */
    ReferenceLlava(LlavaConfig config, Map<String, float[]> weights) {
        this.config = config;
        this.w = weights;
    }

    /** Logits (T × V) for {@code ids}, whose image tokens take the features of {@code pixels} (C·H·W) in order. */
    double[][] logits(long[] ids, float[] pixels) {
        TextConfig t = config.textConfig();
        double[][] features = pixels == null ? new double[0][] : projector(visionFeatures(pixels));
        String p = "language_model.model.";
        double[][] h = new double[ids.length][];
        int next = 0;
        for (int i = 0; i < ids.length; i++) {
            boolean image = ids[i] == config.imageTokenIndex() && pixels != null;
            h[i] = image ? features[next++] : row(p + "embed_tokens.weight", (int) ids[i], t.hiddenSize());
        }
        if (pixels != null && next != features.length) {
            throw new IllegalArgumentException(next + " image tokens for " + features.length + " features");
        }
        for (int l = 0; l < t.numHiddenLayers(); l++) {
            h = decoderLayer(h, p + "layers." + l + ".");
        }
        h = rmsNorm(h, p + "norm.weight");
        String head = t.tieWordEmbeddings() ? p + "embed_tokens.weight" : LlavaModel.LM_HEAD;
        return linear(h, head, null, t.vocabSize(), t.hiddenSize());
    }

    // ---- vision tower + projector (modeling_clip, modeling_llava) ----

    double[][] visionFeatures(float[] pixels) {
        VisionConfig v = config.visionConfig();
        String p = "vision_tower.vision_model.";
        int side = v.patchesPerSide();
        int ps = v.patchSize();
        int dv = v.hiddenSize();
        int size = v.imageSize();
        float[] conv = w.get(p + "embeddings.patch_embedding.weight"); // (Dv, C, ps, ps)
        double[][] x = new double[side * side + 1][dv];
        x[0] = row(p + "embeddings.class_embedding", 0, dv);
        for (int py = 0; py < side; py++) {
            for (int px = 0; px < side; px++) {
                double[] out = x[1 + py * side + px];
                for (int o = 0; o < dv; o++) {
                    double acc = 0;
                    for (int c = 0; c < v.numChannels(); c++) {
                        for (int i = 0; i < ps; i++) {
                            for (int j = 0; j < ps; j++) {
                                acc += conv[((o * v.numChannels() + c) * ps + i) * ps + j]
                                        * pixels[(c * size + py * ps + i) * size + px * ps + j];
                            }
                        }
                    }
                    out[o] = acc;
                }
            }
        }
        for (int i = 0; i < x.length; i++) {
            x[i] = add(x[i], row(p + "embeddings.position_embedding.weight", i, dv));
        }
        List<double[][]> states = new ArrayList<>();
        double[][] h = layerNorm(x, p + "pre_layrnorm", v.layerNormEps());
        states.add(h);
        for (int l = 0; l < v.numHiddenLayers(); l++) {
            h = clipLayer(h, p + "encoder.layers." + l + ".", v);
            states.add(h);
        }
        List<Integer> layers = config.visionFeatureLayers();
        boolean dropCls = config.visionFeatureSelectStrategy().equals("default");
        double[][] out = new double[x.length - (dropCls ? 1 : 0)][];
        for (int i = 0; i < out.length; i++) {
            double[] cat = new double[0];
            for (int layer : layers) {
                double[] part = states.get(layer < 0 ? states.size() + layer : layer)[i + (dropCls ? 1 : 0)];
                double[] joined = new double[cat.length + part.length];
                System.arraycopy(cat, 0, joined, 0, cat.length);
                System.arraycopy(part, 0, joined, cat.length, part.length);
                cat = joined;
            }
            out[i] = cat;
        }
        return out;
    }

    private double[][] clipLayer(double[][] x, String p, VisionConfig v) {
        int dv = v.hiddenSize();
        double[][] n1 = layerNorm(x, p + "layer_norm1", v.layerNormEps());
        double[][] q = linear(n1, p + "self_attn.q_proj.weight", p + "self_attn.q_proj.bias", dv, dv);
        double[][] k = linear(n1, p + "self_attn.k_proj.weight", p + "self_attn.k_proj.bias", dv, dv);
        double[][] val = linear(n1, p + "self_attn.v_proj.weight", p + "self_attn.v_proj.bias", dv, dv);
        double[][] attn = attention(q, k, val, v.numAttentionHeads(), v.numAttentionHeads(), v.headDim(), 0, false);
        double[][] h = add(x, linear(attn, p + "self_attn.out_proj.weight", p + "self_attn.out_proj.bias", dv, dv));
        double[][] n2 = layerNorm(h, p + "layer_norm2", v.layerNormEps());
        double[][] f = linear(n2, p + "mlp.fc1.weight", p + "mlp.fc1.bias", v.intermediateSize(), dv);
        for (double[] r : f) {
            for (int i = 0; i < r.length; i++) {
                r[i] = v.hiddenAct().equals("quick_gelu") ? r[i] * sigmoid(1.702 * r[i]) : gelu(r[i]);
            }
        }
        return add(h, linear(f, p + "mlp.fc2.weight", p + "mlp.fc2.bias", dv, v.intermediateSize()));
    }

    double[][] projector(double[][] features) {
        int d = config.textConfig().hiddenSize();
        boolean bias = config.multimodalProjectorBias();
        String p = "multi_modal_projector.";
        double[][] h = linear(features, p + "linear_1.weight", bias ? p + "linear_1.bias" : null, d,
                config.projectorInputSize());
        for (double[] r : h) {
            for (int i = 0; i < r.length; i++) {
                r[i] = gelu(r[i]);
            }
        }
        return linear(h, p + "linear_2.weight", bias ? p + "linear_2.bias" : null, d, d);
    }

    // ---- decoder (modeling_llama, with Mistral's window and Qwen2's biases) ----

    private double[][] decoderLayer(double[][] x, String p) {
        TextConfig t = config.textConfig();
        int d = t.hiddenSize();
        int hd = t.headDim();
        int q = t.numAttentionHeads() * hd;
        int kv = t.numKeyValueHeads() * hd;
        boolean qkvBias = t.attentionBias() || t.modelType().equals("qwen2");
        double[][] n = rmsNorm(x, p + "input_layernorm.weight");
        double[][] qs = linear(n, p + "self_attn.q_proj.weight", qkvBias ? p + "self_attn.q_proj.bias" : null, q, d);
        double[][] ks = linear(n, p + "self_attn.k_proj.weight", qkvBias ? p + "self_attn.k_proj.bias" : null, kv, d);
        double[][] vs = linear(n, p + "self_attn.v_proj.weight", qkvBias ? p + "self_attn.v_proj.bias" : null, kv, d);
        rope(qs, t.numAttentionHeads(), hd);
        rope(ks, t.numKeyValueHeads(), hd);
        double[][] a = attention(qs, ks, vs, t.numAttentionHeads(), t.numKeyValueHeads(), hd, t.slidingWindow(),
                true);
        double[][] h = add(x, linear(a, p + "self_attn.o_proj.weight",
                t.attentionBias() ? p + "self_attn.o_proj.bias" : null, d, q));
        double[][] n2 = rmsNorm(h, p + "post_attention_layernorm.weight");
        int m = t.intermediateSize();
        String b = t.mlpBias() ? ".bias" : null;
        double[][] gate = linear(n2, p + "mlp.gate_proj.weight", b == null ? null : p + "mlp.gate_proj" + b, m, d);
        double[][] up = linear(n2, p + "mlp.up_proj.weight", b == null ? null : p + "mlp.up_proj" + b, m, d);
        for (int i = 0; i < gate.length; i++) {
            for (int j = 0; j < m; j++) {
                gate[i][j] = gate[i][j] * sigmoid(gate[i][j]) * up[i][j];
            }
        }
        return add(h, linear(gate, p + "mlp.down_proj.weight", b == null ? null : p + "mlp.down_proj" + b, d, m));
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

    /** Softmax attention; query head h reads key/value head h / (heads / kvHeads); causal and windowed if asked. */
    private static double[][] attention(double[][] q, double[][] k, double[][] v, int heads, int kvHeads, int hd,
            int window, boolean causal) {
        int t = q.length;
        double[][] out = new double[t][heads * hd];
        for (int h = 0; h < heads; h++) {
            int g = h / (heads / kvHeads);
            for (int i = 0; i < t; i++) {
                double[] s = new double[t];
                double max = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < t; j++) {
                    boolean seen = (!causal || j <= i) && (window <= 0 || i - j < window);
                    double dot = 0;
                    for (int e = 0; e < hd; e++) {
                        dot += q[i][h * hd + e] * k[j][g * hd + e];
                    }
                    s[j] = seen ? dot / Math.sqrt(hd) : Double.NEGATIVE_INFINITY;
                    max = Math.max(max, s[j]);
                }
                double z = 0;
                for (int j = 0; j < t; j++) {
                    s[j] = Math.exp(s[j] - max);
                    z += s[j];
                }
                for (int j = 0; j < t; j++) {
                    for (int e = 0; e < hd; e++) {
                        out[i][h * hd + e] += s[j] / z * v[j][g * hd + e];
                    }
                }
            }
        }
        return out;
    }

    // ---- building blocks ----

    private double[][] rmsNorm(double[][] x, String key) {
        double eps = config.textConfig().rmsNormEps();
        double[][] out = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            double ms = 0;
            for (double v : x[i]) {
                ms += v * v / x[i].length;
            }
            out[i] = new double[x[i].length];
            for (int j = 0; j < x[i].length; j++) {
                out[i][j] = w.get(key)[j] * x[i][j] / Math.sqrt(ms + eps);
            }
        }
        return out;
    }

    private double[][] layerNorm(double[][] x, String prefix, double eps) {
        double[][] out = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            int n = x[i].length;
            double mean = 0;
            for (double v : x[i]) {
                mean += v / n;
            }
            double var = 0;
            for (double v : x[i]) {
                var += (v - mean) * (v - mean) / n;
            }
            out[i] = new double[n];
            for (int j = 0; j < n; j++) {
                out[i][j] = (x[i][j] - mean) / Math.sqrt(var + eps) * w.get(prefix + ".weight")[j]
                        + w.get(prefix + ".bias")[j];
            }
        }
        return out;
    }

    /** {@code x Wᵀ + b} with W (out, in) row-major; {@code biasKey} null for none. */
    private double[][] linear(double[][] x, String weightKey, String biasKey, int out, int in) {
        float[] wt = w.get(weightKey);
        if (wt == null || wt.length != out * in) {
            throw new IllegalArgumentException(weightKey + " is missing or not " + out + "x" + in);
        }
        float[] b = biasKey == null ? null : w.get(biasKey);
        double[][] y = new double[x.length][out];
        for (int i = 0; i < x.length; i++) {
            for (int o = 0; o < out; o++) {
                double acc = b == null ? 0 : b[o];
                for (int e = 0; e < in; e++) {
                    acc += x[i][e] * wt[o * in + e];
                }
                y[i][o] = acc;
            }
        }
        return y;
    }

    private double[] row(String key, int index, int width) {
        float[] m = w.get(key);
        double[] r = new double[width];
        for (int j = 0; j < width; j++) {
            r[j] = m[index * width + j];
        }
        return r;
    }

    private static double[] add(double[] a, double[] b) {
        double[] c = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            c[i] = a[i] + b[i];
        }
        return c;
    }

    private static double[][] add(double[][] a, double[][] b) {
        double[][] c = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            c[i] = add(a[i], b[i]);
        }
        return c;
    }

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    /** Exact GELU, x·Φ(x). */
    static double gelu(double x) {
        return 0.5 * x * (1 + erf(x / Math.sqrt(2)));
    }

    /** erf by its Taylor series for |z| ≤ 3 and erfc's continued fraction beyond, both to ~1e-13. */
    static double erf(double z) {
        double a = Math.abs(z);
        double r;
        if (a <= 3) {
            double term = a;
            double sum = a;
            for (int n = 1; n < 100 && Math.abs(term) > 1e-17; n++) {
                term *= -a * a / n;
                sum += term / (2 * n + 1);
            }
            r = 2 / Math.sqrt(Math.PI) * sum;
        } else {
            double k = a;
            for (int n = 80; n >= 1; n--) {
                k = a + (n / 2.0) / k;
            }
            r = 1 - Math.exp(-a * a) / Math.sqrt(Math.PI) / k;
        }
        return z < 0 ? -r : r;
    }
}
