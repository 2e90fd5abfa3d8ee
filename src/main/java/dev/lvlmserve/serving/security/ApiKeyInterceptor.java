package dev.lvlmserve.serving.security;

import dev.lvlmserve.serving.config.SecurityProperties;
import dev.lvlmserve.serving.error.ServingException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.springframework.http.HttpHeaders;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * API keys without Spring Security (two static keys need no framework). Mutations of variants and jobs
 * ({@code POST}/{@code DELETE} under {@code /v1/variants} and {@code /v1/jobs}) need {@code X-Admin-Key}: 401 when
 * absent, 403 when wrong, 403 when no admin key is configured (mutations are then off). When an inference key is
 * configured, the inference endpoints need {@code Authorization: Bearer <key>} (401 otherwise). Failures are thrown
 * so the usual error rendering applies (problem details, or OpenAI's shape on OpenAI paths). Keys are compared in
 * constant time.
 */
public final class ApiKeyInterceptor implements HandlerInterceptor {
    public static final String ADMIN_HEADER = "X-Admin-Key";

    private final SecurityProperties keys;

    public ApiKeyInterceptor(SecurityProperties keys) {
        this.keys = keys;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        String method = request.getMethod();
        if (isAdminMutation(path, method)) {
            checkAdmin(request.getHeader(ADMIN_HEADER));
        } else if (keys.inferenceKey() != null && isInference(path)) {
            checkBearer(request.getHeader(HttpHeaders.AUTHORIZATION));
        }
        return true;
    }

    static boolean isAdminMutation(String path, String method) {
        boolean mutation = method.equals("POST") || method.equals("DELETE") || method.equals("PUT")
                || method.equals("PATCH");
        return mutation && (path.startsWith("/v1/variants") || path.startsWith("/v1/jobs"));
    }

    static boolean isInference(String path) {
        return path.startsWith("/v1/chat/") || path.startsWith("/v1/models") || path.startsWith("/v1/vqa");
    }

    private void checkAdmin(String given) {
        if (keys.adminKey() == null) {
            throw ServingException.forbidden("admin_disabled", "Administration is disabled: no admin key is "
                    + "configured (LVLM_ADMIN_KEY).");
        }
        if (given == null || given.isEmpty()) {
            throw ServingException.unauthorized("missing_admin_key", "This operation needs the " + ADMIN_HEADER
                    + " header.");
        }
        if (!same(given, keys.adminKey())) {
            throw ServingException.forbidden("invalid_admin_key", "The admin key is not valid.");
        }
    }

    private void checkBearer(String authorization) {
        String prefix = "Bearer ";
        if (authorization == null || !authorization.regionMatches(true, 0, prefix, 0, prefix.length())) {
            throw ServingException.unauthorized("missing_api_key", "This endpoint needs an API key "
                    + "(Authorization: Bearer <key>).");
        }
        if (!same(authorization.substring(prefix.length()).strip(), keys.inferenceKey())) {
            throw ServingException.unauthorized("invalid_api_key", "The API key is not valid.");
        }
    }

    private static boolean same(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
