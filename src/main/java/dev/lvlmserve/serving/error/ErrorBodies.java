package dev.lvlmserve.serving.error;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import dev.lvlmserve.serving.requestlog.RequestIds;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one place error bodies are made, for every way an error can leave: the controller advice, the error page
 * ({@code /error}), the API-key check and Tomcat's own rejections (malformed URIs, too many headers). Native paths
 * get RFC 9457 {@code application/problem+json} with {@code code} (and {@code param}); the OpenAI-compatible paths
 * get OpenAI's {@code {"error": {"message", "type", "param", "code"}}}, which its client libraries parse into typed
 * errors. Both carry the response's {@code request_id}. Messages pass {@link ClientMessages#safe} first.
 */
public final class ErrorBodies {
    /** The native API under {@code /v1}; every other path there is OpenAI's (an unknown one too). */
    private static final String[] NATIVE_PREFIXES = {"/v1/vqa", "/v1/variants", "/v1/jobs"};
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ErrorBodies() {}

    /**
     * Whether errors on {@code path} (a routed path, see {@link RequestPaths}) take OpenAI's shape: every path
     * under {@code /v1} but the native API's, so a client of OpenAI's API gets OpenAI's 404 for an endpoint this
     * server does not have.
     */
    public static boolean openAiShape(String path) {
        if (!path.equals("/v1") && !path.startsWith("/v1/")) {
            return false;
        }
        for (String p : NATIVE_PREFIXES) {
            if (path.equals(p) || path.startsWith(p + "/")) {
                return false;
            }
        }
        return true;
    }

    /**
     * {@code error} as the API of {@code path} states it: OpenAI answers a body it cannot read, whatever its
     * content type, with 400 {@code invalid_request_error}, never 415.
     */
    public static ApiError forPath(String path, ApiError error) {
        if (error.status() == 415 && openAiShape(path)) {
            return new ApiError(400, "invalid_content_type", "The request body must be JSON (Content-Type: "
                    + "application/json).", null, error.retryAfterSeconds());
        }
        return error;
    }

    public static MediaType mediaType(String path) {
        return openAiShape(path) ? MediaType.APPLICATION_JSON : MediaType.APPLICATION_PROBLEM_JSON;
    }

    /**
     * The body of {@code error} on {@code path}, as a JSON-ready map.
     *
     * @param requestId the response's {@code x-request-id}, repeated in the body
     */
    public static Map<String, Object> body(String path, ApiError error, String requestId) {
        String message = ClientMessages.safe(error.message(), error.status());
        String code = error.code() == null ? ApiError.defaultCode(error.status()) : error.code();
        if (openAiShape(path)) {
            return openAi(error.status(), code, message, error.param(), requestId);
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
        problem.put("request_id", requestId);
        return problem;
    }

    /**
     * OpenAI's error object (message, type, param, code, and the request id); also what a failing stream sends as
     * its last event.
     */
    public static Map<String, Object> openAi(int status, String code, String message, String param,
            String requestId) {
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("message", ClientMessages.safe(message, status));
        inner.put("type", status >= 500 ? "server_error" : "invalid_request_error"); // as OpenAI, also 401/404
        inner.put("param", param);
        inner.put("code", code);
        inner.put("request_id", requestId);
        return Map.of("error", inner);
    }

    /** Writes {@code error} to a response that nothing has been written to yet (outside Spring MVC's rendering). */
    public static void write(HttpServletResponse response, String path, ApiError error) throws IOException {
        error = forPath(path, error);
        byte[] bytes = JSON.writeValueAsBytes(body(path, error, RequestIds.of(response)));
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
