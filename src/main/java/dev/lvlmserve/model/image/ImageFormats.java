package dev.lvlmserve.model.image;

import dev.lvlmserve.model.image.ImageRejectedException.Reason;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Which ImageIO reader may decode the bytes: the first whose magic matches and whose format is on our list. TIFF
 * and WBMP are left off on purpose although the JDK reads them: TIFF is a large attack surface nobody sends to a chat
 * model, and WBMP's weak magic claims random bytes.
 */
final class ImageFormats {
    /** Accepted formats, lower case; the first of a reader's names found here is the one reported. */
    static final List<String> ACCEPTED = List.of("png", "jpeg", "webp", "gif", "bmp");

    static {
        // The JDK registers classpath plugins once, with the class loader it starts on; a Spring Boot fat jar
        // loads TwelveMonkeys through its own loader, so ask ImageIO to look again from ours.
        ImageIO.scanForPlugins();
    }

    private ImageFormats() {}

    record Choice(ImageReader reader, String format) {}

    /** @throws ImageRejectedException {@link Reason#UNSUPPORTED_FORMAT} when no accepted reader recognises the bytes */
    static Choice chooseReader(ImageInputStream in) {
        Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
        while (readers.hasNext()) {
            ImageReader reader = readers.next();
            String format = acceptedFormat(reader);
            if (format != null) {
                return new Choice(reader, format);
            }
            reader.dispose();
        }
        throw new ImageRejectedException(
                Reason.UNSUPPORTED_FORMAT,
                "The data is not an image in a supported format (" + String.join(", ", ACCEPTED) + ").");
    }

    private static String acceptedFormat(ImageReader reader) {
        if (reader.getOriginatingProvider() == null) {
            return null;
        }
        Set<String> names = Stream.of(reader.getOriginatingProvider().getFormatNames())
                .map(n -> n.toLowerCase(Locale.ROOT))
                .collect(Collectors.toSet());
        return ACCEPTED.stream().filter(names::contains).findFirst().orElse(null);
    }

    static String displayName(String format) {
        return format.toUpperCase(Locale.ROOT);
    }
}
