package dev.lvlmserve.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;

/**
 * Mirrors transformers' {@code LlamaRotaryEmbedding} with the {@code rotate_half} layout (first and second halves of
 * a head are the rotation pairs — not the interleaved GGUF layout). Linear {@code rope_scaling} divides the
 * frequencies by the factor. Frequencies and angles are computed in float32 as transformers does.
 */
public final class RotaryEmbedding {
    private final int headDim;
    private final float[] invFreq; // (headDim / 2)

    public RotaryEmbedding(int headDim, double theta, double linearScalingFactor) {
        if (headDim % 2 != 0) {
            throw new IllegalArgumentException("RoPE needs an even head_dim, was " + headDim);
        }
        this.headDim = headDim;
        this.invFreq = new float[headDim / 2];
        for (int i = 0; i < invFreq.length; i++) {
            float exponent = (float) (2 * i) / headDim;
            float base = (float) Math.pow(theta, exponent);
            invFreq[i] = (float) (1.0f / base / linearScalingFactor);
        }
    }

    /** cos and sin tables for the given positions: two arrays (B, T, headDim), owned by {@code manager}. */
    public NDList cosSin(long[][] positions, NDManager manager) {
        int b = positions.length;
        int t = positions[0].length;
        int half = headDim / 2;
        float[] cos = new float[b * t * headDim];
        float[] sin = new float[b * t * headDim];
        for (int i = 0; i < b; i++) {
            for (int j = 0; j < t; j++) {
                int base = (i * t + j) * headDim;
                for (int k = 0; k < half; k++) {
                    float angle = invFreq[k] * (float) positions[i][j];
                    float c = (float) Math.cos(angle);
                    float s = (float) Math.sin(angle);
                    cos[base + k] = c; // emb = cat(freqs, freqs)
                    cos[base + half + k] = c;
                    sin[base + k] = s;
                    sin[base + half + k] = s;
                }
            }
        }
        Shape shape = new Shape(b, t, headDim);
        return new NDList(manager.create(cos, shape), manager.create(sin, shape));
    }

    /** {@code q·cos + rotate_half(q)·sin} for x (B, H, T, headDim) with cos/sin (B, T, headDim). */
    public static NDArray apply(NDArray x, NDArray cos, NDArray sin) {
        return applyBroadcast(x, cos.expandDims(1), sin.expandDims(1));
    }

    /** As {@link #apply} with cos/sin already (B, 1, T, headDim): the decoder expands them once per forward. */
    public static NDArray applyBroadcast(NDArray x, NDArray cos, NDArray sin) {
        // both products are temporaries, so the sum may land in the first
        return InPlace.add(x.mul(cos), InPlace.mul(rotateHalf(x), sin));
    }

    /** {@code cat(-x2, x1)} over the last dimension. */
    static NDArray rotateHalf(NDArray x) {
        long half = x.getShape().get(x.getShape().dimension() - 1) / 2;
        NDArray x1 = x.get(new NDIndex("..., :{}", half));
        NDArray x2 = x.get(new NDIndex("..., {}:", half));
        return x2.neg().concat(x1, -1);
    }

    public int headDim() {
        return headDim;
    }
}
