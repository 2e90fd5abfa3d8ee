package dev.lvlmserve.serving.security;

import org.springframework.web.method.HandlerMethod;

/** Who may call an endpoint. */
public enum AccessLevel {
    /** Anyone: health, the error page, the API description. */
    PUBLIC,
    /** Clients of the model: {@code Authorization: Bearer <inference key>} when one is configured, else anyone. */
    INFERENCE,
    /** Operators only: {@code X-Admin-Key}; refused outright when no admin key is configured. */
    ADMIN;

    /** The rule for a handler: its method's annotation, else its class's, else the default for its origin. */
    public static AccessLevel of(Object handler) {
        if (!(handler instanceof HandlerMethod method)) {
            return PUBLIC; // static resources (the API browser's files) and CORS preflights
        }
        Access onMethod = method.getMethodAnnotation(Access.class);
        if (onMethod != null) {
            return onMethod.value();
        }
        Access onType = method.getBeanType().getAnnotation(Access.class);
        if (onType != null) {
            return onType.value();
        }
        // Our own endpoints are protected unless declared otherwise; framework ones (the OpenAPI document) are
        // documentation.
        return method.getBeanType().getName().startsWith("dev.lvlmserve.") ? ADMIN : PUBLIC;
    }
}

