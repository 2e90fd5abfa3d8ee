package dev.lvlmserve.serving.error;

import java.io.IOException;

/**
 * A request body that ran past the configured byte limit while being read. An {@link IOException} so that it travels
 * through whatever is reading the body (Jackson, a multipart parser) and reaches {@link ApiExceptionHandler} as the
 * cause of a read failure, which turns it into 413.
 */
public final class RequestTooLargeException extends IOException {
    public RequestTooLargeException(long limit) {
        super("The request body exceeds " + limit + " bytes.");
    }
}
