package dev.lvlmserve.serving.security;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares who may call a handler method (or every method of a controller). Access is decided on the handler that
 * routing chose, never by matching the request path again, so no spelling of a path (percent-encoded, mixed case,
 * {@code ;} parameters, doubled slashes) can reach a handler under a weaker rule than its own. Deny by default: a
 * handler of this application without the annotation is {@link AccessLevel#ADMIN}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface Access {
    AccessLevel value();
}
