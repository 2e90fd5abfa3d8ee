package dev.lvlmserve.serving.error;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.MismatchedInputException;

/**
 * A JSON body Jackson could not bind, described for the client: where the syntax broke (line and column), or which
 * field had the wrong type and what type it needs, in JSON's words. Jackson's own messages name Java types
 * ({@code java.lang.Double}) and quote the input, so they are never passed on.
 */
final class JsonErrors {
    private JsonErrors() {}

    /** The first Jackson exception in {@code t}'s causes, or null. */
    static JacksonException find(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof JacksonException j) {
                return j;
            }
        }
        return null;
    }

    /** The field at fault as {@code a.b[2].c}, or null for the document itself. */
    static String field(JacksonException e) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference r : e.getPath()) {
            if (r.getPropertyName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(r.getPropertyName());
            } else if (r.getIndex() >= 0) {
                path.append('[').append(r.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? null : path.toString();
    }

    static String describe(JacksonException e) {
        String field = field(e);
        if (e instanceof MismatchedInputException m && field != null) {
            return field + " must be " + jsonType(m.getTargetType()) + ".";
        }
        if (e instanceof StreamReadException) {
            TokenStreamLocation at = e.getLocation();
            return at == null || at.getLineNr() < 0 ? "The request body is not valid JSON."
                    : "The request body is not valid JSON (line " + at.getLineNr() + ", column " + at.getColumnNr()
                            + ").";
        }
        return field == null ? "The request body does not have the expected shape."
                : field + " has a value of the wrong type.";
    }

    private static String jsonType(Class<?> type) {
        if (type == null) {
            return "of another type";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class
                || type == Short.class || type == short.class) {
            return "an integer";
        }
        if (Number.class.isAssignableFrom(type) || (type.isPrimitive() && type != char.class)) {
            return "a number";
        }
        if (CharSequence.class.isAssignableFrom(type) || type == char.class || type.isEnum()) {
            return "a string";
        }
        if (type.isArray() || Collection.class.isAssignableFrom(type) || List.class.isAssignableFrom(type)) {
            return "an array";
        }
        if (Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "an object";
        }
        return "of another type";
    }
}
