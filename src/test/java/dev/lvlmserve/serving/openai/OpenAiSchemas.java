package dev.lvlmserve.serving.openai;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * The required members and types of OpenAI's response schemas, as a small checker of our own. Read from
 * {@code openapi.json} of github.com/openai/openai-openapi at commit f85dbe223d40e1a31cba812ab2d755c7e98a92a3
 * ({@code CreateChatCompletionResponse}, {@code CreateChatCompletionStreamResponse},
 * {@code ChatCompletionResponseMessage}, {@code ChatCompletionStreamResponseDelta}, {@code CompletionUsage},
 * {@code ChatCompletionTokenLogprob}, {@code Model}, {@code ListModelsResponse}, {@code ErrorResponse},
 * {@code Error}): every required member is present with its type, and optional members that are present have
 * theirs. Members the schemas do not mention are allowed, as they are in the spec (no
 * {@code additionalProperties: false}).
 */
final class OpenAiSchemas {
    private OpenAiSchemas() {}

    /** A JSON value's expected shape; {@link #check} lists what is wrong at {@code path}. */
    interface Shape {
        void check(JsonNode n, String path, List<String> problems);
    }

    static final Shape STRING = type("string", JsonNode::isString);
    static final Shape INTEGER = type("integer", JsonNode::isIntegralNumber);
    static final Shape NUMBER = type("number", JsonNode::isNumber);

    static final String[] FINISH_REASONS = {"stop", "length", "tool_calls", "content_filter", "function_call"};

    static final Shape USAGE = object(Map.of("prompt_tokens", INTEGER, "completion_tokens", INTEGER,
            "total_tokens", INTEGER), Map.of());

    static final Shape TOP_LOGPROB = object(Map.of("token", STRING, "logprob", NUMBER,
            "bytes", nullable(array(INTEGER))), Map.of());

    static final Shape TOKEN_LOGPROB = object(Map.of("token", STRING, "logprob", NUMBER,
            "bytes", nullable(array(INTEGER)), "top_logprobs", array(TOP_LOGPROB)), Map.of());

    static final Shape CHOICE_LOGPROBS = nullable(object(Map.of("content", nullable(array(TOKEN_LOGPROB)),
            "refusal", nullable(array(TOKEN_LOGPROB))), Map.of()));

    static final Shape MESSAGE = object(Map.of("role", oneOf("assistant"), "content", nullable(STRING),
            "refusal", nullable(STRING)), Map.of());

    static final Shape CHAT_COMPLETION = object(Map.of("id", STRING, "object", oneOf("chat.completion"),
            "created", INTEGER, "model", STRING, "choices", array(object(Map.of("finish_reason",
                    oneOf(FINISH_REASONS), "index", INTEGER, "message", MESSAGE, "logprobs", CHOICE_LOGPROBS),
                    Map.of()))), Map.of("usage", USAGE, "system_fingerprint", STRING));

    static final Shape DELTA = object(Map.of(), Map.of("role", oneOf("developer", "system", "user", "assistant",
            "tool"), "content", nullable(STRING), "refusal", nullable(STRING)));

    static final Shape CHAT_COMPLETION_CHUNK = object(Map.of("id", STRING, "object",
            oneOf("chat.completion.chunk"), "created", INTEGER, "model", STRING, "choices",
            array(object(Map.of("delta", DELTA, "finish_reason", nullable(oneOf(FINISH_REASONS)), "index", INTEGER),
                    Map.of("logprobs", CHOICE_LOGPROBS)))),
            Map.of("usage", nullable(USAGE), "system_fingerprint", STRING));

    static final Shape MODEL = object(Map.of("id", STRING, "object", oneOf("model"), "created", INTEGER,
            "owned_by", STRING), Map.of());

    static final Shape MODEL_LIST = object(Map.of("object", oneOf("list"), "data", array(MODEL)), Map.of());

    static final Shape ERROR = object(Map.of("error", object(Map.of("code", nullable(STRING), "message", STRING,
            "param", nullable(STRING), "type", STRING), Map.of())), Map.of());

    /** What is wrong with {@code n} against {@code shape}; empty when it conforms. */
    static List<String> problems(Shape shape, JsonNode n) {
        List<String> out = new ArrayList<>();
        shape.check(n, "$", out);
        return out;
    }

    static Shape type(String name, java.util.function.Predicate<JsonNode> test) {
        return (n, path, problems) -> {
            if (n == null || n.isMissingNode() || !test.test(n)) {
                problems.add(path + ": expected " + name + ", was " + describe(n));
            }
        };
    }

    static Shape nullable(Shape inner) {
        return (n, path, problems) -> {
            if (n == null || !n.isNull()) {
                inner.check(n, path, problems);
            }
        };
    }

    static Shape oneOf(String... values) {
        Set<String> allowed = Set.of(values);
        return (n, path, problems) -> {
            if (n == null || !n.isString() || !allowed.contains(n.asString())) {
                problems.add(path + ": expected one of " + allowed + ", was " + describe(n));
            }
        };
    }

    static Shape array(Shape items) {
        return (n, path, problems) -> {
            if (n == null || !n.isArray()) {
                problems.add(path + ": expected array, was " + describe(n));
                return;
            }
            for (int i = 0; i < n.size(); i++) {
                items.check(n.get(i), path + "[" + i + "]", problems);
            }
        };
    }

    static Shape object(Map<String, Shape> required, Map<String, Shape> optional) {
        Map<String, Shape> req = new LinkedHashMap<>(required);
        return (n, path, problems) -> {
            if (n == null || !n.isObject()) {
                problems.add(path + ": expected object, was " + describe(n));
                return;
            }
            req.forEach((name, shape) -> {
                if (!n.has(name)) {
                    problems.add(path + "." + name + ": required, missing");
                } else {
                    shape.check(n.get(name), path + "." + name, problems);
                }
            });
            optional.forEach((name, shape) -> {
                if (n.has(name)) {
                    shape.check(n.get(name), path + "." + name, problems);
                }
            });
        };
    }

    private static String describe(JsonNode n) {
        if (n == null || n.isMissingNode()) {
            return "absent";
        }
        String text = n.toString();
        return n.getNodeType().name().toLowerCase(java.util.Locale.ROOT) + " "
                + (text.length() > 40 ? text.substring(0, 40) + "..." : text);
    }
}
