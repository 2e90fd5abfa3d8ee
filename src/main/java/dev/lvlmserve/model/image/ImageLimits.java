package dev.lvlmserve.model.image;

/**
 * What one image may cost, checked from its header before a pixel is decoded.
 *
 * @param maxBytes encoded bytes
 * @param maxPixels width × height (decompression bombs: a small file can declare a huge canvas)
 * @param maxSide the longer side; it bounds the resize's work and its filter tables, and what padding to a square
 *     would be if it were done naively
 * @param maxAspectRatio longer side over shorter side; beyond it an image is a line, not a picture, and a
 *     shortest-edge resize would blow its long side up
 */
public record ImageLimits(long maxBytes, long maxPixels, int maxSide, double maxAspectRatio) {
    /** 20 MiB, 50 megapixels (a 7071 × 7071 photo), 16384 px a side, 32:1. */
    public static final ImageLimits DEFAULTS = new ImageLimits(20L * 1024 * 1024, 50_000_000L, 16_384, 32);

    public ImageLimits {
        if (maxBytes <= 0 || maxPixels <= 0 || maxSide <= 0 || !(maxAspectRatio >= 1)) {
            throw new IllegalArgumentException("image caps must be positive and the aspect ratio at least 1");
        }
    }

    /** Bytes decoding and preprocessing one image of this size may hold at once (see {@link ImageDecoder}). */
    public static long workingBytes(int width, int height) {
        return (long) width * height * ImageDecoder.BYTES_PER_PIXEL;
    }
}
