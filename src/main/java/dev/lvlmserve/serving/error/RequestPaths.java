package dev.lvlmserve.serving.error;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * A request's path as Spring MVC's routing sees it (from the raw request URI, each segment percent-decoded,
 * {@code ;} path parameters dropped), with repeated slashes merged and without the context path. Used to pick an
 * error's shape only; access decisions never look at paths at all (they read the handler routing chose, see
 * {@code serving.security}).
 */
public final class RequestPaths {
    private RequestPaths() {}

    /** The routed path of {@code request}; on an error dispatch, the path of the request that failed. */
    public static String of(HttpServletRequest request) {
        Object failed = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        String raw = failed instanceof String uri ? uri : request.getRequestURI();
        return withoutContext(normalise(raw), request.getContextPath());
    }

    /**
     * A raw request URI (as sent, possibly malformed) made comparable with routed paths; a segment that does not
     * decode (a bad escape, not UTF-8) is kept as sent.
     */
    public static String normalise(String rawUri) {
        if (rawUri == null) {
            return "";
        }
        int query = rawUri.indexOf('?');
        String path = query < 0 ? rawUri : rawUri.substring(0, query);
        StringBuilder out = new StringBuilder();
        for (String segment : path.split("/", -1)) {
            int semicolon = segment.indexOf(';');
            String raw = semicolon < 0 ? segment : segment.substring(0, semicolon);
            String decoded = decode(raw);
            String s = decoded == null ? raw : decoded;
            if (!s.isEmpty()) {
                out.append('/').append(s);
            }
        }
        if (path.endsWith("/")) {
            out.append('/');
        }
        return out.isEmpty() ? "/" : out.toString();
    }

    private static String withoutContext(String path, String context) {
        return context != null && !context.isEmpty() && path.startsWith(context) ? path.substring(context.length())
                : path;
    }

    private static String decode(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '%') {
                bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
                continue;
            }
            if (i + 2 >= s.length()) {
                return null;
            }
            int hi = Character.digit(s.charAt(i + 1), 16);
            int lo = Character.digit(s.charAt(i + 2), 16);
            if (hi < 0 || lo < 0) {
                return null;
            }
            bytes.write(hi * 16 + lo);
            i += 2;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
