package dev.lvlmserve.model.image;

/**
 * An uploaded image that will not be decoded. The message is written for the HTTP client that sent the bytes (it
 * never echoes them); {@link #reason()} lets the serving layer pick a status code (413 for the size reasons, 422 for
 * {@link Reason#EXTREME_ASPECT_RATIO}, 415 for {@link Reason#UNSUPPORTED_FORMAT}, 400 otherwise).
 */
public final class ImageRejectedException extends RuntimeException {

    /** Why the image was refused. */
    public enum Reason {
        /** No bytes at all. */
        EMPTY,
        /** Not an image, or an image format / colour encoding this server does not decode. */
        UNSUPPORTED_FORMAT,
        /** A known format whose header or pixel data is damaged or truncated. */
        CORRUPT,
        /**
         * The header declares more pixels than the configured cap (decompression-bomb guard), or a side longer than
         * the side cap (padding to a square would cost that side squared).
         */
        TOO_MANY_PIXELS,
        /** One side is so much longer than the other that no useful square or short-edge resize exists. */
        EXTREME_ASPECT_RATIO,
        /** More bytes than the configured cap. */
        TOO_MANY_BYTES
    }

    private final Reason reason;

    public ImageRejectedException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public ImageRejectedException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
