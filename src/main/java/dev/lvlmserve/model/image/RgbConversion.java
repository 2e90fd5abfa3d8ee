package dev.lvlmserve.model.image;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferInt;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;

/**
 * Any decoded {@link BufferedImage} to {@code TYPE_INT_RGB}, mirroring PIL's {@code Image.convert("RGB")} (which is
 * what transformers' {@code convert_to_rgb} calls): alpha is dropped, not composited; grey is replicated into R, G
 * and B; palette indices become their palette colour.
 *
 * <p>Samples are read from the raster rather than through {@code getRGB}, because Java2D treats greyscale as
 * <em>linear</em> grey and would brighten it on the way to sRGB (grey 128 comes back as 188), which PIL never does.
 * Samples wider than 8 bits keep their high byte (PIL's {@code RGB;16B} unpacker does the same); narrower ones are
 * stretched to 0..255 (PIL's {@code L;1}/{@code L;2}/{@code L;4}). Colour spaces other than sRGB and grey (CMYK
 * JPEGs, ICC-tagged component models) go through Java2D's colour conversion, which need not match PIL's naive
 * {@code cmyk2rgb} to the last unit.
 */
final class RgbConversion {
    private RgbConversion() {}

    static BufferedImage toRgb(BufferedImage src) {
        if (src.getType() == BufferedImage.TYPE_INT_RGB) {
            return src;
        }
        int w = src.getWidth();
        int h = src.getHeight();
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int[] dst = ((DataBufferInt) out.getRaster().getDataBuffer()).getData();
        ColorModel cm = src.getColorModel();
        Raster raster = src.getRaster();
        int spaceType = cm.getColorSpace().getType();
        boolean integral = raster.getTransferType() != DataBuffer.TYPE_FLOAT
                && raster.getTransferType() != DataBuffer.TYPE_DOUBLE;
        if (cm instanceof IndexColorModel icm) {
            fromPalette(raster, icm, dst);
        } else if (cm instanceof ComponentColorModel && integral && spaceType == ColorSpace.TYPE_GRAY) {
            fromComponents(raster, cm, dst, true);
        } else if (cm instanceof ComponentColorModel
                && integral
                && cm.getColorSpace().isCS_sRGB()
                && !cm.isAlphaPremultiplied()) {
            fromComponents(raster, cm, dst, false);
        } else {
            // Packed sRGB models (TYPE_INT_ARGB and friends) are exact through getRGB; other colour spaces are
            // converted by Java2D. Either way only the colour bits are kept.
            int[] row = new int[w];
            for (int y = 0; y < h; y++) {
                src.getRGB(0, y, w, 1, row, 0, w);
                for (int x = 0; x < w; x++) {
                    dst[y * w + x] = row[x] & 0xFFFFFF;
                }
            }
        }
        return out;
    }

    private static void fromPalette(Raster raster, IndexColorModel icm, int[] dst) {
        int w = raster.getWidth();
        int[] row = new int[w];
        for (int y = 0; y < raster.getHeight(); y++) {
            raster.getSamples(raster.getMinX(), raster.getMinY() + y, w, 1, 0, row);
            for (int x = 0; x < w; x++) {
                dst[y * w + x] = icm.getRGB(row[x]) & 0xFFFFFF;
            }
        }
    }

    private static void fromComponents(Raster raster, ColorModel cm, int[] dst, boolean grey) {
        int w = raster.getWidth();
        int bands = raster.getNumBands();
        int[] row = new int[w * bands];
        int[] bits = cm.getComponentSize();
        for (int y = 0; y < raster.getHeight(); y++) {
            raster.getPixels(raster.getMinX(), raster.getMinY() + y, w, 1, row);
            for (int x = 0; x < w; x++) {
                int p = x * bands;
                int r = to8(row[p], bits[0]);
                int g = grey ? r : to8(row[p + 1], bits[1]);
                int b = grey ? r : to8(row[p + 2], bits[2]);
                dst[y * w + x] = (r << 16) | (g << 8) | b;
            }
        }
    }

    static int to8(int sample, int bits) {
        if (bits == 8) {
            return sample & 0xFF;
        }
        if (bits > 8) {
            return (sample >>> (bits - 8)) & 0xFF;
        }
        return sample * 255 / ((1 << bits) - 1);
    }
}
