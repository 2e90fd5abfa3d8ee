package dev.lvlmserve.model.image;

import dev.lvlmserve.model.image.ImageRejectedException.Reason;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Untrusted bytes to RGB pixels, safely. The reader is chosen from the bytes' magic, the header is read and the
 * declared width × height checked against a pixel cap <em>before</em> any pixel buffer is allocated, so a crafted
 * header cannot make the JVM allocate gigabytes (decompression bomb). Every failure becomes an
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
    /** 50 megapixels: a 7071 × 7071 photo; decoding it takes at most ~8 bytes a pixel transiently. */
    public static final long DEFAULT_MAX_PIXELS = 50_000_000L;
    /** 20 MiB. */
    public static final long DEFAULT_MAX_BYTES = 20L * 1024 * 1024;

    private final long maxPixels;
    private final long maxBytes;

    public ImageDecoder() {
        this(DEFAULT_MAX_PIXELS, DEFAULT_MAX_BYTES);
    }

    public ImageDecoder(long maxPixels, long maxBytes) {
        if (maxPixels <= 0 || maxBytes <= 0) {
            throw new IllegalArgumentException("caps must be positive");
        }
        this.maxPixels = maxPixels;
        this.maxBytes = maxBytes;
    }

    public long maxPixels() {
        return maxPixels;
    }

    public long maxBytes() {
        return maxBytes;
    }

    /** The formats this decoder accepts, lower case. */
    public static List<String> supportedFormats() {
        return ImageFormats.ACCEPTED;
    }

    /** Reads a file, refusing it by size before reading it into memory. */
    public DecodedImage decode(Path path) throws IOException {
        long size = Files.size(path);
        if (size > maxBytes) {
            throw tooManyBytes(size);
        }
        return decode(Files.readAllBytes(path));
    }

    public DecodedImage decode(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            throw new ImageRejectedException(Reason.EMPTY, "The image is empty (0 bytes).");
        }
        if (bytes.length > maxBytes) {
            throw tooManyBytes(bytes.length);
        }
        // In-memory stream: ImageIO.createImageInputStream would spill to a temp file when ImageIO's disk cache is on.
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
            ImageFormats.Choice choice = ImageFormats.chooseReader(in);
            ImageReader reader = choice.reader();
            try {
                reader.setInput(in, true, true); // seek forward only, ignore metadata
                return read(reader, choice.format());
            } finally {
                reader.dispose();
            }
        } catch (ImageRejectedException e) {
            throw e;
        } catch (Exception e) { // a plugin failing while probing the magic, or close(): still the client's bytes
            throw new ImageRejectedException(Reason.CORRUPT, "The image could not be read.", e);
        }
    }

    private DecodedImage read(ImageReader reader, String format) {
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
        if ((long) width * height > maxPixels) {
            throw new ImageRejectedException(
                    Reason.TOO_MANY_PIXELS,
                    "The image is %dx%d pixels; at most %d pixels are accepted."
                            .formatted(width, height, maxPixels));
        }
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
                "The image is %d bytes; at most %d bytes are accepted.".formatted(size, maxBytes));
    }
}
