package dev.lvlmserve.model.image;

import dev.lvlmserve.model.image.ImageRejectedException.Reason;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Untrusted bytes to RGB pixels, safely. The reader is chosen from the bytes' magic, the header is read and the
 * declared size checked against {@link ImageLimits} (pixels, longer side, aspect ratio) <em>before</em> any pixel
 * buffer is allocated, so a crafted header cannot make the JVM allocate gigabytes (decompression bomb), and
 * {@link #probe} tells a caller what decoding will cost before it commits to it. Every failure becomes an
 * {@link ImageRejectedException}; nothing a plugin throws escapes as anything else.
 *
 * <p>Formats: PNG, JPEG, GIF and BMP from the JDK, WebP from TwelveMonkeys {@code imageio-webp}; others are refused
 * ({@link ImageFormats}). Only the first frame of an animation is decoded (as PIL does).
 *
 * <p>Truncated input is refused, never decoded in part: the JDK's JPEG reader fills a truncated scan with grey and
 * only <em>warns</em>, so truncation warnings are turned into {@link Reason#CORRUPT} (PIL raises "image file is
 * truncated" there too). Other JPEG warnings (extraneous bytes, an ignored thumbnail) are tolerated, as PIL does.
 *
 * <p>EXIF orientation is not applied, as PIL's {@code Image.open} does not apply it (transformers' {@code load_image}
 * helper does, through {@code ImageOps.exif_transpose}; a rotated phone photo is seen sideways here).
 *
 * <p>Thread-safe: each call makes its own reader.
 */
public final class ImageDecoder {
    /**
     * Peak bytes a pixel costs between the bytes and {@code pixel_values}: the decoded raster (up to 8 for 16-bit
     * RGBA), its RGB copy (4) and the uint8 image the processor works on (3).
     */
    static final int BYTES_PER_PIXEL = 16;

    private final ImageLimits limits;

    public ImageDecoder() {
        this(ImageLimits.DEFAULTS);
    }

    public ImageDecoder(ImageLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    public ImageLimits limits() {
        return limits;
    }

    /** The formats this decoder accepts, lower case. */
    public static List<String> supportedFormats() {
        return ImageFormats.ACCEPTED;
    }

    /** Reads a file, refusing it by size before reading it into memory. */
    public DecodedImage decode(Path path) throws IOException {
        long size = Files.size(path);
        if (size > limits.maxBytes()) {
            throw tooManyBytes(size);
        }
        return decode(Files.readAllBytes(path));
    }

    /**
     * Reads only the header and checks it against every cap: what {@link #decode} would refuse without decoding,
     * and the size to budget for when it would not.
     */
    public ImageHeader probe(byte[] bytes) {
        return withReader(bytes, this::header);
    }

    public DecodedImage decode(byte[] bytes) {
        return withReader(bytes, (reader, format) -> {
            header(reader, format);
            return read(reader, format);
        });
    }

    /** The format and declared size of an image that passed every cap. */
    public record ImageHeader(String format, int width, int height) {
        public long workingBytes() {
            return ImageLimits.workingBytes(width, height);
        }
    }

    private interface ReaderStep<T> {
        T apply(ImageReader reader, String format);
    }

    private <T> T withReader(byte[] bytes, ReaderStep<T> step) {
        if (bytes == null || bytes.length == 0) {
            throw new ImageRejectedException(Reason.EMPTY, "The image is empty (0 bytes).");
        }
        if (bytes.length > limits.maxBytes()) {
            throw tooManyBytes(bytes.length);
        }
        // In-memory stream: ImageIO.createImageInputStream would spill to a temp file when ImageIO's disk cache is on.
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
            ImageFormats.Choice choice = ImageFormats.chooseReader(in);
            ImageReader reader = choice.reader();
            try {
                reader.setInput(in, true, true); // seek forward only, ignore metadata
                return step.apply(reader, choice.format());
            } finally {
                reader.dispose();
            }
        } catch (ImageRejectedException e) {
            throw e;
        } catch (Exception e) { // a plugin failing while probing the magic, or close(): still the client's bytes
            throw new ImageRejectedException(Reason.CORRUPT, "The image could not be read.", e);
        }
    }

    private ImageHeader header(ImageReader reader, String format) {
        int width;
        int height;
        try {
            width = reader.getWidth(0);
            height = reader.getHeight(0);
        } catch (Exception e) {
            throw corrupt(format, "its header is damaged or truncated", e);
        }
        if (width <= 0 || height <= 0) {
            throw corrupt(format, "its header declares a size of " + width + "x" + height, null);
        }
        String size = width + "x" + height;
        if ((long) width * height > limits.maxPixels()) {
            throw new ImageRejectedException(Reason.TOO_MANY_PIXELS,
                    "The image is %s pixels; at most %d pixels are accepted.".formatted(size, limits.maxPixels()));
        }
        int longSide = Math.max(width, height);
        if (longSide > limits.maxSide()) {
            throw new ImageRejectedException(Reason.TOO_MANY_PIXELS,
                    "The image is %s pixels; its longer side may be at most %d pixels."
                            .formatted(size, limits.maxSide()));
        }
        double aspect = (double) longSide / Math.min(width, height);
        if (aspect > limits.maxAspectRatio()) {
            throw new ImageRejectedException(Reason.EXTREME_ASPECT_RATIO,
                    String.format(Locale.ROOT, "The image is %s pixels, an aspect ratio of %.1f:1; at most %.1f:1 is "
                            + "accepted.", size, aspect, limits.maxAspectRatio()));
        }
        return new ImageHeader(format, width, height);
    }

    private DecodedImage read(ImageReader reader, String format) {
        requireDecodableColour(reader, format);
        TruncationWarnings warnings = new TruncationWarnings();
        reader.addIIOReadWarningListener(warnings);
        BufferedImage raw;
        try {
            raw = reader.read(0);
        } catch (Exception e) {
            throw corrupt(format, "its pixel data is damaged or truncated", e);
        }
        if (warnings.truncated()) {
            throw corrupt(format, "it is truncated (" + warnings.first() + ")", null);
        }
        BufferedImage rgb = RgbConversion.toRgb(raw);
        return new DecodedImage(rgb, format, rgb.getWidth(), rgb.getHeight());
    }

    /**
     * A reader may know an image's size but offer no image type to decode it into (older JDKs did so for CMYK
     * JPEGs; JDK 25 decodes them): that is an unsupported encoding, not a damaged file.
     */
    private static void requireDecodableColour(ImageReader reader, String format) {
        Iterator<?> types;
        try {
            types = reader.getImageTypes(0);
        } catch (Exception e) {
            throw corrupt(format, "its header is damaged or truncated", e);
        }
        if (types == null || !types.hasNext()) {
            throw new ImageRejectedException(
                    Reason.UNSUPPORTED_FORMAT,
                    "The " + ImageFormats.displayName(format)
                            + " image uses a colour encoding that is not supported; send RGB or greyscale.");
        }
    }

    private static ImageRejectedException corrupt(String format, String what, Throwable cause) {
        String message = "The " + ImageFormats.displayName(format) + " image cannot be decoded: " + what + ".";
        return new ImageRejectedException(Reason.CORRUPT, message, cause);
    }

    private ImageRejectedException tooManyBytes(long size) {
        return new ImageRejectedException(
                Reason.TOO_MANY_BYTES,
                "The image is %d bytes; at most %d bytes are accepted.".formatted(size, limits.maxBytes()));
    }
}
