package dev.lvlmserve.model.llava;

import dev.lvlmserve.model.config.LlavaConfig;
import dev.lvlmserve.model.config.VisionConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The vision half of {@link ReferenceLlava}, from the maths of modeling_clip and modeling_llava: patch convolution
 * as explicit sums, class and position embeddings, pre_layrnorm, the encoder layers, LLaVA's feature selection
 * (hidden states counted from the embeddings, a list concatenated in its order, CLS dropped under "default") and the
 * projector.
 */
final class ReferenceClip {
    private final LlavaConfig config;
    private final Map<String, float[]> w;
    private final ReferenceOps ops;

    ReferenceClip(LlavaConfig config, Map<String, float[]> weights) {
        this.config = config;
        this.w = weights;
        this.ops = new ReferenceOps(weights);
    }

    /** Image features (N × D), projected, for pixels C·H·W. */
    double[][] imageFeatures(float[] pixels) {
        return projector(features(pixels));
    }

    double[][] features(float[] pixels) {
        VisionConfig v = config.visionConfig();
        String p = "vision_tower.vision_model.";
        int side = v.patchesPerSide();
        int ps = v.patchSize();
        int dv = v.hiddenSize();
        int size = v.imageSize();
        float[] conv = w.get(p + "embeddings.patch_embedding.weight"); // (Dv, C, ps, ps)
        double[][] x = new double[side * side + 1][dv];
        x[0] = ops.row(p + "embeddings.class_embedding", 0, dv);
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
            x[i] = ReferenceOps.add(x[i], ops.row(p + "embeddings.position_embedding.weight", i, dv));
        }
        List<double[][]> states = new ArrayList<>();
        double[][] h = ops.layerNorm(x, p + "pre_layrnorm", v.layerNormEps());
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
        double[][] n1 = ops.layerNorm(x, p + "layer_norm1", v.layerNormEps());
        double[][] q = ops.linear(n1, p + "self_attn.q_proj.weight", p + "self_attn.q_proj.bias", dv, dv);
        double[][] k = ops.linear(n1, p + "self_attn.k_proj.weight", p + "self_attn.k_proj.bias", dv, dv);
        double[][] val = ops.linear(n1, p + "self_attn.v_proj.weight", p + "self_attn.v_proj.bias", dv, dv);
        int heads = v.numAttentionHeads();
        double[][] attn = ReferenceOps.attention(q, k, val, heads, heads, v.headDim(), 0, false);
        double[][] o = ops.linear(attn, p + "self_attn.out_proj.weight", p + "self_attn.out_proj.bias", dv, dv);
        double[][] h = ReferenceOps.add(x, o);
        double[][] n2 = ops.layerNorm(h, p + "layer_norm2", v.layerNormEps());
        double[][] f = ops.linear(n2, p + "mlp.fc1.weight", p + "mlp.fc1.bias", v.intermediateSize(), dv);
        boolean quick = v.hiddenAct().equals("quick_gelu");
        for (double[] r : f) {
            for (int i = 0; i < r.length; i++) {
                r[i] = quick ? r[i] * ReferenceOps.sigmoid(1.702 * r[i]) : ReferenceOps.gelu(r[i]);
            }
        }
        return ReferenceOps.add(h, ops.linear(f, p + "mlp.fc2.weight", p + "mlp.fc2.bias", dv,
                v.intermediateSize()));
    }

    /** LlavaMultiModalProjector: linear_2(gelu(linear_1(x))). */
    double[][] projector(double[][] features) {
        int d = config.textConfig().hiddenSize();
        boolean bias = config.multimodalProjectorBias();
        String p = "multi_modal_projector.";
        double[][] h = ops.linear(features, p + "linear_1.weight", bias ? p + "linear_1.bias" : null, d,
                config.projectorInputSize());
        for (double[] r : h) {
            for (int i = 0; i < r.length; i++) {
                r[i] = ReferenceOps.gelu(r[i]);
            }
        }
        return ops.linear(h, p + "linear_2.weight", bias ? p + "linear_2.bias" : null, d, d);
    }
}
