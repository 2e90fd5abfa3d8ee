package dev.lvlmserve.serving.error;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/**
 * OpenAI's error object, {@code {"error": {"message", "type", "param", "code"}}}, for the OpenAI-compatible
 * endpoints: its client libraries read exactly these fields to raise typed errors, so a problem detail there would
 * surface as an unparseable error.
 */
public final class OpenAiErrors {
    private static final String[] PREFIXES = {"/v1/chat/", "/v1/models", "/v1/completions"};

    private OpenAiErrors() {}

    /** Whether {@code path} (without the context path) is served in OpenAI's shape. */
    public static boolean applies(String path) {
        for (String p : PREFIXES) {
            if (path.startsWith(p)) {
                return true;
            }
        }
        return false;
    }

    /** The same error as {@code problem}, in OpenAI's shape. */
    public static Map<String, Object> from(ProblemDetail problem, HttpStatusCode status) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("message", problem.getDetail() != null ? problem.getDetail() : problem.getTitle());
        error.put("type", status.is5xxServerError() ? "server_error" : "invalid_request_error");
        Map<String, Object> props = problem.getProperties() == null ? Map.of() : problem.getProperties();
        error.put("param", props.get("param"));
        error.put("code", props.get("code"));
        return Map.of("error", error);
    }
}
