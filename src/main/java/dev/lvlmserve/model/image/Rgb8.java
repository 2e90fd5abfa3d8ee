package dev.lvlmserve.model.image;

import java.awt.image.BufferedImage;
import java.util.Arrays;

/**
 * An 8-bit RGB image as transformers holds it between steps: a {@code uint8} array in (H, W, C) order. The geometric
 * steps of the LLaVA pipeline ({@code pad_to_square}, {@code center_crop}) live here, each a transcription of the
 * numpy code it replaces.
 */
record Rgb8(int width, int height, byte[] data) {
    Rgb8 {
        if (data.length != Math.multiplyExact(Math.multiplyExact(width, height), 3)) {
            throw new IllegalArgumentException("data must hold width * height * 3 bytes");
        }
    }

    static Rgb8 filled(int width, int height, int[] rgb) {
        byte[] data = new byte[Math.multiplyExact(Math.multiplyExact(width, height), 3)];
        if (rgb[0] != 0 || rgb[1] != 0 || rgb[2] != 0) {
            for (int i = 0; i < data.length; i += 3) {
                data[i] = (byte) rgb[0];
                data[i + 1] = (byte) rgb[1];
                data[i + 2] = (byte) rgb[2];
            }
        }
        return new Rgb8(width, height, data);
    }

    /** The pixels of any image, converted as {@link RgbConversion} does (alpha dropped). */
    static Rgb8 of(BufferedImage image) {
        BufferedImage img = RgbConversion.toRgb(image);
        int w = img.getWidth();
        int h = img.getHeight();
        byte[] data = new byte[Math.multiplyExact(Math.multiplyExact(w, h), 3)];
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            img.getRGB(0, y, w, 1, row, 0, w); // exact for TYPE_INT_RGB, and safe for sub-images
            for (int x = 0; x < w; x++) {
                int i = (y * w + x) * 3;
                data[i] = (byte) (row[x] >> 16);
                data[i + 1] = (byte) (row[x] >> 8);
                data[i + 2] = (byte) row[x];
            }
        }
        return new Rgb8(w, h, data);
    }

    int get(int x, int y, int c) {
        return data[(y * width + x) * 3 + c] & 0xFF;
    }

    /**
     * {@code LlavaImageProcessor.pad_to_square}: a {@code max × max} canvas of {@code background}, the image pasted
     * at {@code (max - short) // 2} along its short side.
     */
    Rgb8 padToSquare(int[] background) {
        if (width == height) {
            return this;
        }
        int side = Math.max(width, height);
        Rgb8 out = filled(side, side, background);
        int top = width > height ? (side - height) / 2 : 0;
        int left = width > height ? 0 : (side - width) / 2;
        for (int y = 0; y < height; y++) {
            System.arraycopy(data, y * width * 3, out.data, ((y + top) * side + left) * 3, width * 3);
        }
        return out;
    }

    /**
     * transformers' {@code center_crop}: the window starts at {@code (H - crop_h) // 2} (floor division, so it is
     * negative when the crop is larger) and whatever falls outside the image is zero, exactly what its pad-then-slice
     * branch produces.
     */
    Rgb8 centerCrop(int cropHeight, int cropWidth) {
        if (cropHeight == height && cropWidth == width) {
            return this;
        }
        int top = Math.floorDiv(height - cropHeight, 2);
        int left = Math.floorDiv(width - cropWidth, 2);
        Rgb8 out = filled(cropWidth, cropHeight, new int[3]);
        int x0 = Math.max(0, -left);
        int x1 = Math.min(cropWidth, width - left);
        for (int y = 0; y < cropHeight; y++) {
            int sy = y + top;
            if (sy < 0 || sy >= height || x1 <= x0) {
                continue;
            }
            System.arraycopy(data, (sy * width + x0 + left) * 3, out.data, (y * cropWidth + x0) * 3, (x1 - x0) * 3);
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Rgb8 r && r.width == width && r.height == height && Arrays.equals(r.data, data);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * width + height) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "Rgb8[" + width + "x" + height + "]";
    }
}
