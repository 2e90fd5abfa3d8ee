package dev.lvlmserve.serving.security;

import dev.lvlmserve.serving.config.SecurityProperties;
import dev.lvlmserve.serving.error.ServingException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.springframework.http.HttpHeaders;
import org.springframework.web.cors.CorsUtils;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * API keys without Spring Security (two static keys need no framework), checked against the {@link Access} level
 * of the handler routing chose, so access follows routing exactly. {@link AccessLevel#ADMIN} needs
 * {@code X-Admin-Key}: 401 when absent, 403 when wrong, 403 when no admin key is configured (administration is then
 * off). {@link AccessLevel#INFERENCE} needs {@code Authorization: Bearer <key>} when an inference key is configured
 * (401 otherwise). Failures are thrown so the usual error rendering applies. Keys are compared in constant time.
 * CORS preflights carry no credentials by design and are answered by the CORS configuration alone.
 */
public final class ApiKeyInterceptor implements HandlerInterceptor {
    public static final String ADMIN_HEADER = "X-Admin-Key";

    private final SecurityProperties keys;

    public ApiKeyInterceptor(SecurityProperties keys) {
        this.keys = keys;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (CorsUtils.isPreFlightRequest(request)) {
            return true;
        }
        switch (AccessLevel.of(handler)) {
            case PUBLIC -> { }
            case INFERENCE -> {
                if (keys.inferenceKey() != null) {
                    checkBearer(request.getHeader(HttpHeaders.AUTHORIZATION));
                }
            }
            case ADMIN -> checkAdmin(request.getHeader(ADMIN_HEADER));
        }
        return true;
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
