package dev.lvlmserve.serving.error;

import org.springframework.http.HttpStatus;

/**
 * One error as every renderer sees it: the status, a stable machine-readable {@code code}, a message written for
 * the client, the request field at fault (or null) and seconds for {@code Retry-After} (or null).
 */
public record ApiError(int status, String code, String message, String param, Long retryAfterSeconds) {

    /** An error with no field and no retry hint; the message is the status's generic one. */
    public static ApiError of(int status) {
        return new ApiError(status, defaultCode(status), null, null, null);
    }

    /** {@code not_found}, {@code method_not_allowed}, ...: the status's name. */
    public static String defaultCode(int status) {
        HttpStatus known = HttpStatus.resolve(status);
        return known == null ? "error" : known.name().toLowerCase(java.util.Locale.ROOT);
    }
}
