package dev.lvlmserve.model.config;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** Typed reads of optional config.json fields with transformers' defaults, and one shared mapper. */
public final class Json {
    /** Pretty-printing mapper shared by the model package (thread-safe once built). */
    public static final ObjectMapper MAPPER =
            JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private Json() {}

    static String text(JsonNode n, String key, String fallback) {
        JsonNode v = n.get(key);
        return v == null || v.isNull() ? fallback : v.asString();
    }

    static int integer(JsonNode n, String key, int fallback) {
        JsonNode v = n.get(key);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isNumber()) {
            throw new ConfigException(key + " must be a number, was " + v);
        }
        return v.asInt();
    }

    static long lng(JsonNode n, String key, long fallback) {
        JsonNode v = n.get(key);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (v.isArray()) { // eos_token_id may be a list; the first is the primary one
            return v.isEmpty() ? fallback : v.get(0).asLong();
        }
        return v.asLong();
    }

    static double dbl(JsonNode n, String key, double fallback) {
        JsonNode v = n.get(key);
        return v == null || v.isNull() ? fallback : v.asDouble();
    }

    static boolean bool(JsonNode n, String key, boolean fallback) {
        JsonNode v = n.get(key);
        return v == null || v.isNull() ? fallback : v.asBoolean();
    }
}
