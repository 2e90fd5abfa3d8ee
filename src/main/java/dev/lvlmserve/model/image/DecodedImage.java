package dev.lvlmserve.model.image;

import java.awt.image.BufferedImage;
import java.util.Objects;

/**
 * A decoded image, always {@link BufferedImage#TYPE_INT_RGB}.
 *
 * @param image the pixels, alpha already dropped
 * @param format the container format, lower case: {@code png}, {@code jpeg}, {@code webp}, {@code gif} or {@code bmp}
 * @param width width in pixels
 * @param height height in pixels
 */
public record DecodedImage(BufferedImage image, String format, int width, int height) {
    public DecodedImage {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(format, "format");
        if (image.getType() != BufferedImage.TYPE_INT_RGB) {
            throw new IllegalArgumentException("DecodedImage holds TYPE_INT_RGB pixels only");
        }
        if (image.getWidth() != width || image.getHeight() != height) {
            throw new IllegalArgumentException("width/height disagree with the image");
        }
    }
}
