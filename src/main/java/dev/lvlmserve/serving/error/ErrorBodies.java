package dev.lvlmserve.serving.error;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one place error bodies are made, for every way an error can leave: the controller advice, the error page
 * ({@code /error}), the API-key check and Tomcat's own rejections (malformed URIs, too many headers). Native paths
 * get RFC 9457 {@code application/problem+json} with {@code code} (and {@code param}); the OpenAI-compatible paths
 * get OpenAI's {@code {"error": {"message", "type", "param", "code"}}}, which its client libraries parse into typed
 * errors. Messages pass {@link ClientMessages#safe} first.
 */
public final class ErrorBodies {
    private static final String[] OPENAI_PREFIXES = {"/v1/chat/", "/v1/models", "/v1/completions"};
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ErrorBodies() {}

    /** Whether errors on {@code path} (a routed path, see {@link RequestPaths}) take OpenAI's shape. */
    public static boolean openAiShape(String path) {
        for (String p : OPENAI_PREFIXES) {
            if (path.startsWith(p) || (path + "/").equals(p)) {
                return true;
            }
        }
        return false;
    }

    public static MediaType mediaType(String path) {
        return openAiShape(path) ? MediaType.APPLICATION_JSON : MediaType.APPLICATION_PROBLEM_JSON;
    }

    /** The body of {@code error} on {@code path}, as a JSON-ready map. */
    public static Map<String, Object> body(String path, ApiError error) {
        String message = ClientMessages.safe(error.message(), error.status());
        String code = error.code() == null ? ApiError.defaultCode(error.status()) : error.code();
        if (openAiShape(path)) {
            return openAi(error.status(), code, message, error.param());
        }
        Map<String, Object> problem = new LinkedHashMap<>();
        HttpStatus known = HttpStatus.resolve(error.status());
        problem.put("title", known == null ? "Error" : known.getReasonPhrase());
        problem.put("status", error.status());
        problem.put("detail", message);
        problem.put("code", code);
        if (error.param() != null) {
            problem.put("param", error.param());
        }
        return problem;
    }

    /** OpenAI's error object; also what a failing stream sends as its last event. */
    public static Map<String, Object> openAi(int status, String code, String message, String param) {
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("message", ClientMessages.safe(message, status));
        inner.put("type", status >= 500 ? "server_error" : "invalid_request_error");
        inner.put("param", param);
        inner.put("code", code);
        return Map.of("error", inner);
    }

    /** Writes {@code error} to a response that nothing has been written to yet (outside Spring MVC's rendering). */
    public static void write(HttpServletResponse response, String path, ApiError error) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body(path, error));
        response.resetBuffer();
        response.setStatus(error.status());
        response.setContentType(mediaType(path).toString());
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        if (error.retryAfterSeconds() != null) {
            response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(error.retryAfterSeconds()));
        }
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
        response.flushBuffer();
    }
}
