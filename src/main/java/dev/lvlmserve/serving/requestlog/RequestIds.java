package dev.lvlmserve.serving.requestlog;

import jakarta.servlet.http.HttpServletResponse;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Request ids as OpenAI's SDKs read them: the {@code x-request-id} response header ({@code req_} and 32 hex
 * digits), set on every response, written to the access log and into error bodies. An id a proxy already gave the
 * request (the same header, letters, digits and {@code ._:-}, 8 to 128 of them) is kept, so one id follows the
 * request through.
 */
public final class RequestIds {
    public static final String HEADER = "x-request-id";
    private static final Pattern ACCEPTED = Pattern.compile("[A-Za-z0-9._:-]{8,128}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private RequestIds() {}

    /** The incoming id when it is well-formed, else a new one. */
    static String choose(String incoming) {
        return incoming != null && ACCEPTED.matcher(incoming).matches() ? incoming : generate();
    }

    static String generate() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return "req_" + HexFormat.of().formatHex(b);
    }

    /**
     * The id of the response, setting one if nothing has yet (responses Tomcat refuses before any filter runs).
     */
    public static String of(HttpServletResponse response) {
        String id = response.getHeader(HEADER);
        if (id == null) {
            id = generate();
            response.setHeader(HEADER, id);
        }
        return id;
    }
}
