package dev.lvlmserve.model.llava;

import java.util.Map;

/**
 * The building blocks of {@link ReferenceLlava}, in double precision over plain arrays, reading weights by their
 * canonical keys: Linear ({@code x Wᵀ + b}, PyTorch's (out, in) layout), LayerNorm, RMSNorm, softmax attention with
 * grouped key/value heads and an optional causal sliding window, and the activations.
 */
final class ReferenceOps {
    private final Map<String, float[]> w;

    ReferenceOps(Map<String, float[]> weights) {
        this.w = weights;
    }

    /** Softmax attention; query head h reads key/value head h / (heads / kvHeads); causal and windowed if asked. */
    static double[][] attention(double[][] q, double[][] k, double[][] v, int heads, int kvHeads, int hd,
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

    double[][] rmsNorm(double[][] x, String key, double eps) {
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

    double[][] layerNorm(double[][] x, String prefix, double eps) {
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
    double[][] linear(double[][] x, String weightKey, String biasKey, int out, int in) {
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

    double[] row(String key, int index, int width) {
        float[] m = w.get(key);
        double[] r = new double[width];
        for (int j = 0; j < width; j++) {
            r[j] = m[index * width + j];
        }
        return r;
    }

    static double[] add(double[] a, double[] b) {
        double[] c = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            c[i] = a[i] + b[i];
        }
        return c;
    }

    static double[][] add(double[][] a, double[][] b) {
        double[][] c = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            c[i] = add(a[i], b[i]);
        }
        return c;
    }

    static double sigmoid(double x) {
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
