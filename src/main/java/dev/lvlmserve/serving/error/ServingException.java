package dev.lvlmserve.serving.error;

import org.springframework.http.HttpStatus;

/**
 * A request the server refuses, with the status it deserves. Thrown anywhere under {@code serving} and rendered by
 * {@link ApiExceptionHandler}: RFC 9457 problem details on native endpoints, OpenAI's error object on the
 * OpenAI-compatible ones. The message is written for the client.
 */
public class ServingException extends RuntimeException {
    private final HttpStatus status;
    private final String code;
    private final String param;
    private final Long retryAfterSeconds;

    public ServingException(HttpStatus status, String code, String message, String param, Long retryAfterSeconds) {
        super(message);
        this.status = status;
        this.code = code;
        this.param = param;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public static ServingException badRequest(String code, String message, String param) {
        return new ServingException(HttpStatus.BAD_REQUEST, code, message, param, null);
    }

    public static ServingException notFound(String code, String message) {
        return new ServingException(HttpStatus.NOT_FOUND, code, message, null, null);
    }

    public static ServingException conflict(String code, String message) {
        return new ServingException(HttpStatus.CONFLICT, code, message, null, null);
    }

    public static ServingException tooLarge(String code, String message, String param) {
        return new ServingException(HttpStatus.CONTENT_TOO_LARGE, code, message, param, null);
    }

    public static ServingException unprocessable(String code, String message, String param) {
        return new ServingException(HttpStatus.UNPROCESSABLE_CONTENT, code, message, param, null);
    }

    public static ServingException unavailable(String code, String message, long retryAfterSeconds) {
        return new ServingException(HttpStatus.SERVICE_UNAVAILABLE, code, message, null, retryAfterSeconds);
    }

    public static ServingException unauthorized(String code, String message) {
        return new ServingException(HttpStatus.UNAUTHORIZED, code, message, null, null);
    }

    public static ServingException forbidden(String code, String message) {
        return new ServingException(HttpStatus.FORBIDDEN, code, message, null, null);
    }

    public HttpStatus status() {
        return status;
    }

    /** A stable, machine-readable reason (OpenAI's {@code code}; a {@code code} member of the problem). */
    public String code() {
        return code;
    }

    /** The request field at fault, or null. */
    public String param() {
        return param;
    }

    /** Seconds for {@code Retry-After}, or null. */
    public Long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    public ApiError toApiError() {
        return new ApiError(status.value(), code, getMessage(), param, retryAfterSeconds);
    }
}
