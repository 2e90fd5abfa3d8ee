package dev.lvlmserve.serving.error;

import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;

/**
 * The last guard before an error message leaves: messages are written for the client, but some come from
 * libraries (Spring, Jackson, Tomcat) and may name Java types, method signatures or stack frames. Such a message is
 * replaced by the status's generic one, so no internal ever reaches a response body.
 */
public final class ClientMessages {
    /** Java package-qualified names, exception class names, stack frames and method signatures. */
    static final Pattern INTERNALS = Pattern.compile(
            "(?:\\b(?:java|javax|jakarta|sun|jdk|org|com|tools|dev|ai|io)\\.[a-z]\\w*\\.[\\w.$]+)"
                    + "|(?:\\b\\w+(?:Exception|Error)\\b)"
                    + "|(?:\\bat [\\w.$]+\\([\\w.]*(?::\\d+)?\\))"
                    + "|(?:\\b(?:public|private|protected)\\s+[\\w.<>\\[\\], ]+\\()");
    private static final int MAX_LENGTH = 500;

    private ClientMessages() {}

    /** {@code message} when it is safe to show, otherwise the generic text for {@code status}. */
    public static String safe(String message, int status) {
        if (message == null || message.isBlank() || INTERNALS.matcher(message).find()) {
            return generic(status);
        }
        String line = message.strip();
        return line.length() > MAX_LENGTH ? line.substring(0, MAX_LENGTH) + "..." : line;
    }

    /** Whether {@code text} names something only the server should know. */
    public static boolean revealsInternals(String text) {
        return INTERNALS.matcher(text).find();
    }

    static String generic(int status) {
        return switch (status) {
            case 400 -> "The request is malformed.";
            case 401 -> "This endpoint needs credentials.";
            case 403 -> "This operation is not allowed.";
            case 404 -> "There is nothing at this path.";
            case 405 -> "This method is not allowed here.";
            case 406 -> "No acceptable representation is available.";
            case 408 -> "The request took too long to arrive.";
            case 413 -> "The request is too large.";
            case 414 -> "The request URI is too long.";
            case 415 -> "The content type is not supported.";
            case 431 -> "The request headers are too large.";
            case 503 -> "The service is unavailable; retry later.";
            default -> {
                HttpStatus known = HttpStatus.resolve(status);
                yield status >= 500 ? "The server failed to handle the request."
                        : known == null ? "The request failed." : known.getReasonPhrase() + ".";
            }
        };
    }
}
