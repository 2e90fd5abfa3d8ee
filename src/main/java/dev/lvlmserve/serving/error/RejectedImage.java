package dev.lvlmserve.serving.error;

import dev.lvlmserve.model.image.ImageRejectedException;

/**
 * An image the decoder refused, with the request field that held it ({@code image} on the native API,
 * {@code messages[0].content[1].image_url} on the OpenAI one), so the error names it.
 */
public final class RejectedImage extends RuntimeException {
    private final String param;

    public RejectedImage(ImageRejectedException cause, String param) {
        super(cause.getMessage(), cause);
        this.param = param;
    }

    public ImageRejectedException rejection() {
        return (ImageRejectedException) getCause();
    }

    public String param() {
        return param;
    }
}
