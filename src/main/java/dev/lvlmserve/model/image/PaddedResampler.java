package dev.lvlmserve.model.image;

/**
 * {@code pad_to_square} followed by Pillow's resize, computed without materialising the padded square: the padding
 * is one constant colour, so every tap that falls on it contributes {@code weight × background}, and the sum of
 * those weights is the window's total minus the part that covers the image. A 1 × 26001 image thus costs a few
 * rows of work instead of a 26001² canvas. Sums are the same integers Pillow adds (integer addition is exact in any
 * order and cannot overflow here, as in Pillow's int32 accumulators), so the pixels are bit-identical to
 * {@code PilResampler.resize(content.padToSquare(bg), ...)}, which {@code PaddedResamplerTest} checks.
 *
 * <p>Memory: the horizontal pass keeps one output row per image row (h × outWidth) plus one for the padding rows;
 * the vertical pass writes the output.
 */
final class PaddedResampler {
    private PaddedResampler() {}

    /**
     * The square of side {@code max(w, h)} holding {@code content} at {@code (left, top)} on {@code background},
     * resized to {@code outWidth × outHeight}.
     */
    static Rgb8 padAndResize(Rgb8 content, int[] background, int outWidth, int outHeight, PilFilter filter) {
        int side = Math.max(content.width(), content.height());
        int top = content.width() > content.height() ? (side - content.height()) / 2 : 0;
        int left = content.width() > content.height() ? 0 : (side - content.width()) / 2;
        Rows rows = outWidth == side ? padRows(content, background, left, side)
                : horizontal(content, background, left, Taps.of(side, outWidth, filter));
        if (outHeight == side) {
            return rows.stacked(side, top);
        }
        return vertical(rows, top, content.height(), PilResampler.Taps.of(side, outHeight, filter), outHeight);
    }

    /** Rows of the square after the horizontal step: one per image row, and the one shared by all padding rows. */
    private record Rows(int width, byte[] image, byte[] padding) {
        Rgb8 stacked(int side, int top) {
            int imageRows = image.length / (width * 3);
            byte[] out = new byte[Math.multiplyExact(Math.multiplyExact(side, width), 3)];
            for (int y = 0; y < side; y++) {
                boolean inside = y >= top && y < top + imageRows;
                System.arraycopy(inside ? image : padding, inside ? (y - top) * width * 3 : 0, out, y * width * 3,
                        width * 3);
            }
            return new Rgb8(width, side, out);
        }
    }

    /** No horizontal step (the width is already right): the padded rows themselves. */
    private static Rows padRows(Rgb8 content, int[] bg, int left, int side) {
        Rgb8 row = Rgb8.filled(side, 1, bg);
        byte[] image = new byte[Math.multiplyExact(Math.multiplyExact(side, content.height()), 3)];
        for (int y = 0; y < content.height(); y++) {
            System.arraycopy(row.data(), 0, image, y * side * 3, side * 3);
            System.arraycopy(content.data(), y * content.width() * 3, image, (y * side + left) * 3,
                    content.width() * 3);
        }
        return new Rows(side, image, row.data());
    }

    /** Pillow's horizontal pass over every row of the (virtual) square. */
    private static Rows horizontal(Rgb8 content, int[] bg, int left, Taps taps) {
        PilResampler.Taps t = taps.taps();
        int outWidth = t.first().length;
        int w = content.width();
        byte[] src = content.data();
        byte[] padding = new byte[outWidth * 3];
        int[] from = new int[outWidth];
        int[] to = new int[outWidth];
        int[][] base = new int[outWidth][3]; // HALF + background × weights outside the image, per channel
        for (int xx = 0; xx < outWidth; xx++) {
            int first = t.first()[xx];
            from[xx] = Math.max(first, left);
            to[xx] = Math.min(first + t.count()[xx], left + w);
            int outside = taps.total(xx) - taps.sum(xx, from[xx] - first, to[xx] - first);
            for (int c = 0; c < 3; c++) {
                base[xx][c] = PilResampler.HALF + bg[c] * outside;
                padding[xx * 3 + c] = PilResampler.clip8(PilResampler.HALF + bg[c] * taps.total(xx));
            }
        }
        byte[] image = new byte[Math.multiplyExact(Math.multiplyExact(outWidth, content.height()), 3)];
        for (int y = 0; y < content.height(); y++) {
            int row = y * w;
            for (int xx = 0; xx < outWidth; xx++) {
                int k = xx * t.size() - t.first()[xx];
                int r = base[xx][0];
                int g = base[xx][1];
                int b = base[xx][2];
                for (int x = from[xx]; x < to[xx]; x++) {
                    int weight = t.weights()[k + x];
                    int p = (row + x - left) * 3;
                    r += (src[p] & 0xFF) * weight;
                    g += (src[p + 1] & 0xFF) * weight;
                    b += (src[p + 2] & 0xFF) * weight;
                }
                int o = (y * outWidth + xx) * 3;
                image[o] = PilResampler.clip8(r);
                image[o + 1] = PilResampler.clip8(g);
                image[o + 2] = PilResampler.clip8(b);
            }
        }
        return new Rows(outWidth, image, padding);
    }

    /** Pillow's vertical pass: rows outside {@code [top, top + imageRows)} are the shared padding row. */
    private static Rgb8 vertical(Rows rows, int top, int imageRows, PilResampler.Taps t, int outHeight) {
        int width = rows.width();
        byte[] dst = new byte[Math.multiplyExact(Math.multiplyExact(width, outHeight), 3)];
        for (int yy = 0; yy < outHeight; yy++) {
            int first = t.first()[yy];
            int k = yy * t.size() - first;
            int from = Math.max(first, top);
            int to = Math.min(first + t.count()[yy], top + imageRows);
            int outside = 0;
            for (int y = first; y < first + t.count()[yy]; y++) {
                outside += y >= from && y < to ? 0 : t.weights()[k + y];
            }
            for (int x = 0; x < width; x++) {
                int o = (yy * width + x) * 3;
                for (int c = 0; c < 3; c++) {
                    int sum = PilResampler.HALF + (rows.padding()[x * 3 + c] & 0xFF) * outside;
                    for (int y = from; y < to; y++) {
                        sum += (rows.image()[((y - top) * width + x) * 3 + c] & 0xFF) * t.weights()[k + y];
                    }
                    dst[o + c] = PilResampler.clip8(sum);
                }
            }
        }
        return new Rgb8(width, outHeight, dst);
    }

    /** One pass's taps with each window's weight total, and partial sums over a range of its taps. */
    private record Taps(PilResampler.Taps taps, int[] prefix) {
        static Taps of(int inSize, int outSize, PilFilter filter) {
            PilResampler.Taps t = PilResampler.Taps.of(inSize, outSize, filter);
            int[] prefix = new int[outSize * (t.size() + 1)]; // prefix[i * (size + 1) + n] = sum of first n taps
            for (int i = 0; i < outSize; i++) {
                for (int n = 0; n < t.count()[i]; n++) {
                    prefix[i * (t.size() + 1) + n + 1] = prefix[i * (t.size() + 1) + n] + t.weights()[i * t.size() + n];
                }
            }
            return new Taps(t, prefix);
        }

        int total(int i) {
            return sum(i, 0, taps.count()[i]);
        }

        /** Sum of taps {@code [a, b)} of output {@code i}; empty when {@code b <= a}. */
        int sum(int i, int a, int b) {
            int stride = taps.size() + 1;
            return b <= a ? 0 : prefix[i * stride + b] - prefix[i * stride + a];
        }
    }
}
