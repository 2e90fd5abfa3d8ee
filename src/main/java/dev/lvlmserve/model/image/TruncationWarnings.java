package dev.lvlmserve.model.image;

import java.util.Locale;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadWarningListener;

/**
 * Collects the reader warnings that mean "the data ran out": the JDK's JPEG reader reports a truncated file only as
 * warnings ("Truncated File - Missing EOI marker", libjpeg's "Premature end of JPEG file" and "premature end of data
 * segment") and returns the image with the missing part filled in grey.
 */
final class TruncationWarnings implements IIOReadWarningListener {
    private String first;

    @Override
    public void warningOccurred(ImageReader source, String warning) {
        String w = warning == null ? "" : warning.toLowerCase(Locale.ROOT);
        if (first == null && (w.contains("truncated") || w.contains("premature end"))) {
            first = warning;
        }
    }

    boolean truncated() {
        return first != null;
    }

    String first() {
        return first;
    }
}
