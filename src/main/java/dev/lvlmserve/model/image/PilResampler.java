package dev.lvlmserve.model.image;

/**
 * Pillow's {@code Image.resize} for 8-bit RGB, transcribed from {@code libImaging/Resample.c} so that our pixels are
 * bit-identical to the ones transformers' (PIL-based) image processors produce:
 *
 * <ul>
 *   <li>separable, horizontal pass first, each pass only when that dimension changes;
 *   <li>when shrinking, the kernel is stretched by the scale (support × in/out), i.e. antialiased;
 *   <li>taps are centred at {@code (i + 0.5) * in/out}, bounds rounded as {@code (int)(centre ± support + 0.5)} and
 *       clamped to the image, weights normalised to sum 1;
 *   <li>weights become 22-bit fixed point ({@code PRECISION_BITS = 32 - 8 - 2}), rounded half away from zero; sums
 *       start at half an output step and are shifted and clamped to 0..255, so the intermediate image is uint8 too.
 * </ul>
 *
 * Checked bit-for-bit against Pillow 9.4 on random images for BICUBIC and BILINEAR, up- and downscaling. LANCZOS and
 * HAMMING use {@link Math#sin}, whose last bit may differ from libm's; a tap can then round the other way (±1).
 */
final class PilResampler {
    static final int PRECISION_BITS = 32 - 8 - 2;
    static final int HALF = 1 << (PRECISION_BITS - 1);

    private PilResampler() {}

    /** Resizes to {@code outWidth × outHeight}; the same size returns the input (Pillow returns a copy). */
    static Rgb8 resize(Rgb8 src, int outWidth, int outHeight, PilFilter filter) {
        if (outWidth <= 0 || outHeight <= 0) {
            throw new IllegalArgumentException("output size must be positive: " + outWidth + "x" + outHeight);
        }
        Rgb8 img = src;
        if (outWidth != img.width()) {
            img = horizontal(img, Taps.of(img.width(), outWidth, filter), outWidth);
        }
        if (outHeight != img.height()) {
            img = vertical(img, Taps.of(img.height(), outHeight, filter), outHeight);
        }
        return img;
    }

    private static Rgb8 horizontal(Rgb8 in, Taps taps, int outWidth) {
        byte[] src = in.data();
        byte[] dst = new byte[outWidth * in.height() * 3];
        for (int y = 0; y < in.height(); y++) {
            int row = y * in.width();
            for (int xx = 0; xx < outWidth; xx++) {
                int first = taps.first[xx];
                int k = xx * taps.size;
                int r = HALF;
                int g = HALF;
                int b = HALF;
                for (int t = 0; t < taps.count[xx]; t++) {
                    int w = taps.weights[k + t];
                    int p = (row + first + t) * 3;
                    r += (src[p] & 0xFF) * w;
                    g += (src[p + 1] & 0xFF) * w;
                    b += (src[p + 2] & 0xFF) * w;
                }
                int o = (y * outWidth + xx) * 3;
                dst[o] = clip8(r);
                dst[o + 1] = clip8(g);
                dst[o + 2] = clip8(b);
            }
        }
        return new Rgb8(outWidth, in.height(), dst);
    }

    private static Rgb8 vertical(Rgb8 in, Taps taps, int outHeight) {
        byte[] src = in.data();
        int w = in.width();
        byte[] dst = new byte[w * outHeight * 3];
        for (int yy = 0; yy < outHeight; yy++) {
            int first = taps.first[yy];
            int k = yy * taps.size;
            for (int x = 0; x < w; x++) {
                int r = HALF;
                int g = HALF;
                int b = HALF;
                for (int t = 0; t < taps.count[yy]; t++) {
                    int wt = taps.weights[k + t];
                    int p = ((first + t) * w + x) * 3;
                    r += (src[p] & 0xFF) * wt;
                    g += (src[p + 1] & 0xFF) * wt;
                    b += (src[p + 2] & 0xFF) * wt;
                }
                int o = (yy * w + x) * 3;
                dst[o] = clip8(r);
                dst[o + 1] = clip8(g);
                dst[o + 2] = clip8(b);
            }
        }
        return new Rgb8(w, outHeight, dst);
    }

    /** Pillow's {@code clip8}: drop the fraction bits, clamp to a byte. */
    static byte clip8(int sum) {
        int v = sum >> PRECISION_BITS;
        return (byte) (v < 0 ? 0 : Math.min(v, 255));
    }

    /** One pass's taps: for output i, {@code count[i]} fixed-point weights starting at input {@code first[i]}. */
    record Taps(int size, int[] first, int[] count, int[] weights) {

        /** {@code precompute_coeffs} followed by {@code normalize_coeffs_8bpc}. */
        static Taps of(int inSize, int outSize, PilFilter filter) {
            double scale = (double) inSize / outSize;
            double filterScale = Math.max(scale, 1.0);
            double support = filter.support() * filterScale;
            // Pillow multiplies by the reciprocal; dividing instead can differ in the last bit.
            double inverseScale = 1.0 / filterScale;
            int size = (int) Math.ceil(support) * 2 + 1;
            int[] first = new int[outSize];
            int[] count = new int[outSize];
            int[] weights = new int[Math.multiplyExact(outSize, size)];
            double[] k = new double[size];
            for (int i = 0; i < outSize; i++) {
                double centre = (i + 0.5) * scale;
                int min = Math.max(0, (int) (centre - support + 0.5));
                int n = Math.min(inSize, (int) (centre + support + 0.5)) - min;
                double sum = 0.0;
                for (int t = 0; t < n; t++) {
                    k[t] = filter.weight((t + min - centre + 0.5) * inverseScale);
                    sum += k[t];
                }
                for (int t = 0; t < n; t++) {
                    double w = sum != 0.0 ? k[t] / sum : k[t];
                    weights[i * size + t] = w < 0
                            ? (int) (-0.5 + w * (1 << PRECISION_BITS))
                            : (int) (0.5 + w * (1 << PRECISION_BITS));
                }
                first[i] = min;
                count[i] = n;
            }
            return new Taps(size, first, count, weights);
        }
    }
}
