package dev.lvlmserve.model.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.lvlmserve.model.image.ImageRejectedException.Reason;
import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ImageDecoderTest {
    private final ImageDecoder decoder = new ImageDecoder();

    private static ImageLimits withPixels(long pixels) {
        ImageLimits d = ImageLimits.DEFAULTS;
        return new ImageLimits(d.maxBytes(), pixels, d.maxSide(), d.maxAspectRatio());
    }

    private static ImageLimits withBytes(long bytes) {
        ImageLimits d = ImageLimits.DEFAULTS;
        return new ImageLimits(bytes, d.maxPixels(), d.maxSide(), d.maxAspectRatio());
    }

    private static Reason reasonOf(Runnable action) {
        try {
            action.run();
        } catch (ImageRejectedException e) {
            assertThat(e.getMessage()).isNotBlank();
            return e.reason();
        }
        throw new AssertionError("expected an ImageRejectedException");
    }

    @ParameterizedTest
    @ValueSource(strings = {"png", "jpeg", "bmp", "gif"})
    void decodesJdkFormatsToRgb(String format) {
        BufferedImage source = TestImages.gradient(64, 48);
        DecodedImage decoded = decoder.decode(TestImages.encode(source, format));
        assertThat(decoded.format()).isEqualTo(format);
        assertThat(decoded.width()).isEqualTo(64);
        assertThat(decoded.height()).isEqualTo(48);
        assertThat(decoded.image().getType()).isEqualTo(BufferedImage.TYPE_INT_RGB);
    }

    @Test
    void pngRoundTripIsExact() {
        BufferedImage source = TestImages.pattern(13, 7);
        BufferedImage decoded = decoder.decode(TestImages.encode(source, "png")).image();
        for (int y = 0; y < 7; y++) {
            for (int x = 0; x < 13; x++) {
                assertThat(decoded.getRGB(x, y)).isEqualTo(source.getRGB(x, y));
            }
        }
    }

    @Test
    void webpReaderIsRegistered() {
        assertThat(ImageIO.getImageReadersByFormatName("webp").hasNext()).isTrue();
        assertThat(ImageDecoder.supportedFormats()).contains("webp");
    }

    @Test
    void decodesLosslessWebp() {
        DecodedImage decoded = decoder.decode(TestImages.losslessWebp(3, 2, 200, 100, 50, 255));
        assertThat(decoded.format()).isEqualTo("webp");
        assertThat(decoded.width()).isEqualTo(3);
        assertThat(decoded.height()).isEqualTo(2);
        assertThat(decoded.image().getRGB(2, 1) & 0xFFFFFF).isEqualTo(0xC86432);
    }

    @Test
    void webpAlphaIsDroppedNotComposited() {
        BufferedImage img = decoder.decode(TestImages.losslessWebp(2, 2, 10, 20, 30, 0)).image();
        assertThat(img.getRGB(0, 0) & 0xFFFFFF).isEqualTo(0x0A141E);
    }

    @Test
    void emptyInputIsRejected() {
        assertThat(reasonOf(() -> decoder.decode(new byte[0]))).isEqualTo(Reason.EMPTY);
        assertThat(reasonOf(() -> decoder.decode((byte[]) null))).isEqualTo(Reason.EMPTY);
    }

    @Test
    void byteCapIsEnforcedBeforeDecoding(@TempDir Path dir) throws Exception {
        byte[] png = TestImages.encode(TestImages.gradient(64, 48), "png");
        ImageDecoder small = new ImageDecoder(withBytes(png.length - 1));
        assertThat(reasonOf(() -> small.decode(png))).isEqualTo(Reason.TOO_MANY_BYTES);
        Path file = Files.write(dir.resolve("big.png"), png);
        assertThatThrownBy(() -> small.decode(file))
                .isInstanceOf(ImageRejectedException.class)
                .hasMessageContaining(String.valueOf(png.length - 1));
        assertThat(new ImageDecoder(withBytes(png.length)).decode(file).width())
                .isEqualTo(64);
    }

    @Test
    void pngBombIsRefusedFromItsHeaderWithoutAllocating() {
        // IHDR claims 100000 x 100000 (10 gigapixels, 30 GB as RGB); the body is a truncated IDAT.
        byte[] bomb = TestImages.pngHeader(100_000, 100_000, new byte[] {0, 0, 0x10, 0, 'I', 'D', 'A', 'T', 1, 2});
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            ImageRejectedException e = (ImageRejectedException) catchRejection(bomb);
            assertThat(e.reason()).isEqualTo(Reason.TOO_MANY_PIXELS);
            assertThat(e.getMessage()).contains("100000x100000").contains("50000000");
        });
    }

    @Test
    void jpegBombIsRefusedFromItsHeader() {
        byte[] jpeg = TestImages.encode(TestImages.gradient(32, 32), "jpeg");
        int sof = indexOf(jpeg, new byte[] {(byte) 0xFF, (byte) 0xC0});
        ByteBuffer.wrap(jpeg, sof + 5, 4).putShort((short) 60_000).putShort((short) 60_000);
        byte[] truncated = Arrays.copyOf(jpeg, indexOf(jpeg, new byte[] {(byte) 0xFF, (byte) 0xDA}) + 20);
        assertThat(reasonOf(() -> decoder.decode(truncated))).isEqualTo(Reason.TOO_MANY_PIXELS);
    }

    @Test
    void pixelCapIsConfigurable() {
        byte[] png = TestImages.encode(TestImages.gradient(64, 48), "png");
        assertThat(reasonOf(() -> new ImageDecoder(withPixels(64 * 48 - 1)).decode(png)))
                .isEqualTo(Reason.TOO_MANY_PIXELS);
        assertThat(new ImageDecoder(withPixels(64 * 48)).decode(png).height()).isEqualTo(48);
    }

    /**
     * A 181-byte 1 × 26001 PNG passes any pixel cap but padding it to a square would cost 26001² pixels; one of
     * 1 × 49,000,000 overflowed an int there. Both are refused from the header by their side, a 1 × 10000 line by
     * its aspect ratio.
     */
    @Test
    void thinAndLongImagesAreRefusedFromTheirHeader() {
        byte[] thin = TestImages.pngHeader(1, 26_001, new byte[0]);
        assertThat(reasonOf(() -> decoder.probe(thin))).isEqualTo(Reason.TOO_MANY_PIXELS);
        byte[] strip = TestImages.pngHeader(1, 10_000, new byte[0]);
        assertThat(reasonOf(() -> decoder.probe(strip))).isEqualTo(Reason.EXTREME_ASPECT_RATIO);
        byte[] line = TestImages.pngHeader(1, 49_000_000, new byte[0]);
        assertThat(reasonOf(() -> decoder.decode(line))).isEqualTo(Reason.TOO_MANY_PIXELS);
        byte[] wide = TestImages.pngHeader(20_000, 2_000, new byte[0]); // 40 MP, 10:1, but a 20000-pixel side
        assertThatThrownBy(() -> decoder.probe(wide)).isInstanceOf(ImageRejectedException.class)
                .hasMessageContaining("longer side may be at most 16384");
    }

    @Test
    void aspectRatioCapIsConfigurable() {
        byte[] png = TestImages.encode(TestImages.gradient(64, 8), "png");
        ImageLimits d = ImageLimits.DEFAULTS;
        assertThat(reasonOf(() -> new ImageDecoder(new ImageLimits(d.maxBytes(), d.maxPixels(), d.maxSide(), 7.9))
                .decode(png))).isEqualTo(Reason.EXTREME_ASPECT_RATIO);
        assertThat(new ImageDecoder(new ImageLimits(d.maxBytes(), d.maxPixels(), d.maxSide(), 8)).decode(png)
                .width()).isEqualTo(64);
    }

    @Test
    void probeReadsTheHeaderOnly() {
        ImageDecoder.ImageHeader h = decoder.probe(TestImages.pngHeader(300, 200, new byte[0])); // no pixel data
        assertThat(h.format()).isEqualTo("png");
        assertThat(h.width()).isEqualTo(300);
        assertThat(h.height()).isEqualTo(200);
        assertThat(h.workingBytes()).isEqualTo(300L * 200 * 16);
    }

    @Test
    void nonImagesAreUnsupported() {
        byte[] text = "USER: <image>\nWhat is in the picture? ASSISTANT:".getBytes(StandardCharsets.UTF_8);
        assertThat(reasonOf(() -> decoder.decode(text))).isEqualTo(Reason.UNSUPPORTED_FORMAT);
        byte[] random = new byte[4096];
        new Random(42).nextBytes(random);
        assertThat(reasonOf(() -> decoder.decode(random))).isEqualTo(Reason.UNSUPPORTED_FORMAT);
        assertThat(reasonOf(() -> decoder.decode(new byte[64]))).isEqualTo(Reason.UNSUPPORTED_FORMAT);
    }

    @Test
    void tiffIsRefusedOnPurpose() {
        byte[] tiff = TestImages.encode(TestImages.gradient(8, 8), "tiff");
        assertThat(reasonOf(() -> decoder.decode(tiff))).isEqualTo(Reason.UNSUPPORTED_FORMAT);
    }

    @Test
    void knownSignatureWithGarbageIsCorrupt() {
        byte[] bytes = new byte[200];
        new Random(7).nextBytes(bytes);
        System.arraycopy(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}, 0, bytes, 0, 8);
        assertThat(reasonOf(() -> decoder.decode(bytes))).isEqualTo(Reason.CORRUPT);
        byte[] headerOnly = TestImages.pngHeader(10, 10, new byte[0]);
        assertThat(reasonOf(() -> decoder.decode(headerOnly))).isEqualTo(Reason.CORRUPT);
    }

    @ParameterizedTest
    @ValueSource(strings = {"png", "jpeg", "gif", "bmp"})
    void truncatedImagesAreCorruptNotPartial(String format) {
        byte[] full = TestImages.encode(TestImages.gradient(320, 240), format);
        for (double kept : new double[] {0.3, 0.6, 0.9}) {
            byte[] truncated = Arrays.copyOf(full, (int) (full.length * kept));
            assertThat(reasonOf(() -> decoder.decode(truncated))).as("%s cut to %.0f%%", format, kept * 100)
                    .isEqualTo(Reason.CORRUPT);
        }
    }

    @Test
    void jpegMissingOnlyItsEndMarkerIsCorrupt() {
        // The JDK decodes this "successfully" and only warns; PIL raises "image file is truncated".
        byte[] full = TestImages.encode(TestImages.gradient(64, 64), "jpeg");
        assertThat(reasonOf(() -> decoder.decode(Arrays.copyOf(full, full.length - 2)))).isEqualTo(Reason.CORRUPT);
    }

    @Test
    void jpegWithTrailingBytesIsAccepted() {
        byte[] full = TestImages.encode(TestImages.gradient(64, 64), "jpeg");
        assertThat(decoder.decode(Arrays.copyOf(full, full.length + 100)).width()).isEqualTo(64);
    }

    @Test
    void greyPngKeepsItsValuesInsteadOfJava2dGammaMapping() {
        BufferedImage grey = new BufferedImage(3, 1, BufferedImage.TYPE_BYTE_GRAY);
        grey.getRaster().setSamples(0, 0, 3, 1, 0, new int[] {0, 128, 255});
        BufferedImage rgb = decoder.decode(TestImages.encode(grey, "png")).image();
        assertThat(rgb.getRGB(0, 0) & 0xFFFFFF).isEqualTo(0x000000);
        assertThat(rgb.getRGB(1, 0) & 0xFFFFFF).isEqualTo(0x808080); // Java2D's getRGB would say 0xBCBCBC
        assertThat(rgb.getRGB(2, 0) & 0xFFFFFF).isEqualTo(0xFFFFFF);
    }

    @Test
    void sixteenBitGreyKeepsTheHighByte() {
        BufferedImage grey = new BufferedImage(2, 1, BufferedImage.TYPE_USHORT_GRAY);
        grey.getRaster().setSamples(0, 0, 2, 1, 0, new int[] {0x80FF, 0xFFFF});
        BufferedImage rgb = decoder.decode(TestImages.encode(grey, "png")).image();
        assertThat(rgb.getRGB(0, 0) & 0xFFFFFF).isEqualTo(0x808080);
        assertThat(rgb.getRGB(1, 0) & 0xFFFFFF).isEqualTo(0xFFFFFF);
    }

    @Test
    void palettePngBecomesItsPaletteColours() {
        byte[] r = {(byte) 255, 0, 12};
        byte[] g = {0, (byte) 255, 34};
        byte[] b = {0, 0, 56};
        byte[] a = {(byte) 255, (byte) 255, 0}; // index 2 fully transparent: its colour is kept, as PIL does
        IndexColorModel palette = new IndexColorModel(2, 3, r, g, b, a);
        BufferedImage img = new BufferedImage(3, 1, BufferedImage.TYPE_BYTE_BINARY, palette);
        WritableRaster raster = img.getRaster();
        raster.setSamples(0, 0, 3, 1, 0, new int[] {0, 1, 2});
        BufferedImage rgb = decoder.decode(TestImages.encode(img, "png")).image();
        assertThat(rgb.getRGB(0, 0) & 0xFFFFFF).isEqualTo(0xFF0000);
        assertThat(rgb.getRGB(1, 0) & 0xFFFFFF).isEqualTo(0x00FF00);
        assertThat(rgb.getRGB(2, 0) & 0xFFFFFF).isEqualTo(0x0C2238);
    }

    @Test
    void alphaIsIgnoredNotCompositedOnWhite() {
        BufferedImage argb = new BufferedImage(2, 1, BufferedImage.TYPE_INT_ARGB);
        argb.setRGB(0, 0, 0x000A141E); // fully transparent
        argb.setRGB(1, 0, 0x80FF8000); // half transparent
        BufferedImage rgb = decoder.decode(TestImages.encode(argb, "png")).image();
        assertThat(rgb.getRGB(0, 0) & 0xFFFFFF).isEqualTo(0x0A141E);
        assertThat(rgb.getRGB(1, 0) & 0xFFFFFF).isEqualTo(0xFF8000);
    }

    @Test
    void oneBitGreyIsStretchedToBlackAndWhite() {
        BufferedImage bw = new BufferedImage(2, 1, BufferedImage.TYPE_BYTE_BINARY);
        bw.getRaster().setSamples(0, 0, 2, 1, 0, new int[] {0, 1});
        BufferedImage rgb = decoder.decode(TestImages.encode(bw, "png")).image();
        assertThat(rgb.getRGB(0, 0) & 0xFFFFFF).isEqualTo(0x000000);
        assertThat(rgb.getRGB(1, 0) & 0xFFFFFF).isEqualTo(0xFFFFFF);
    }

    @Test
    void cmykJpegIsDecodedToRgb() throws Exception {
        // The JDK writes a 4-band raster as a 4-component JPEG; an Adobe APP14 segment (transform 0) marks it CMYK.
        WritableRaster cmyk = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, 16, 8, 4, null);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        try (ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(ios);
            writer.write(null, new IIOImage(cmyk, null, null), null);
        } finally {
            writer.dispose();
        }
        byte[] plain = out.toByteArray();
        byte[] adobe = {(byte) 0xFF, (byte) 0xEE, 0, 14, 'A', 'd', 'o', 'b', 'e', 0, 100, 0, 0, 0, 0, 0};
        ByteArrayOutputStream marked = new ByteArrayOutputStream();
        marked.write(plain, 0, 2);
        marked.writeBytes(adobe);
        marked.write(plain, 2, plain.length - 2);
        DecodedImage decoded = decoder.decode(marked.toByteArray());
        assertThat(decoded.format()).isEqualTo("jpeg");
        assertThat(decoded.image().getType()).isEqualTo(BufferedImage.TYPE_INT_RGB);
        assertThat(decoded.width()).isEqualTo(16);
        assertThat(decoded.height()).isEqualTo(8);
    }

    private Throwable catchRejection(byte[] bytes) {
        try {
            decoder.decode(bytes);
        } catch (ImageRejectedException e) {
            return e;
        }
        throw new AssertionError("expected a rejection");
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("marker not found");
    }
}
