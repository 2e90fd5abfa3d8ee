package dev.lvlmserve.serving.corpus;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/** Builds corpus cases: the keys to send, JSON and multipart bodies, and the shape errors must come in. */
final class Requests {
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final String BOUNDARY = "corpus-boundary-7d1f";

    final String admin;
    final String inference;

    Requests(String admin, String inference) {
        this.admin = admin;
        this.inference = inference;
    }

    List<String> bearer() {
        return List.of("Authorization", "Bearer " + inference);
    }

    List<String> adminKey() {
        return List.of("X-Admin-Key", admin);
    }

    static byte[] json(Object body) {
        return body instanceof String s ? s.getBytes(StandardCharsets.UTF_8) : JSON.writeValueAsBytes(body);
    }

    static List<String> with(List<String> headers, String... more) {
        List<String> all = new ArrayList<>(headers);
        all.addAll(List.of(more));
        return all;
    }

    /** OpenAI's shape: every path under /v1 but the native API's (an unknown one too). */
    static boolean openAi(String target) {
        String path = target.contains("?") ? target.substring(0, target.indexOf('?')) : target;
        return path.startsWith("/v1/") && !path.startsWith("/v1/vqa") && !path.startsWith("/v1/variants")
                && !path.startsWith("/v1/jobs");
    }

    Case post(String group, String name, String target, List<String> headers, String contentType, byte[] body,
            Expect expect) {
        List<String> h = contentType == null ? headers : with(headers, "Content-Type", contentType);
        return new Case(group, name, "POST", target, h, body, openAi(target), expect);
    }

    Case get(String group, String name, String target, List<String> headers, Expect expect) {
        return new Case(group, name, "GET", target, headers, null, openAi(target), expect);
    }

    Case vqaJson(String group, String name, Object body, Expect expect) {
        return post(group, name, "/v1/vqa", bearer(), "application/json", json(body), expect);
    }

    Case vqaForm(String group, String name, Map<String, Object> fields, Expect expect) {
        return post(group, name, "/v1/vqa", bearer(), "multipart/form-data; boundary=" + BOUNDARY,
                multipart(fields), expect);
    }

    /** A chat request; a map body without {@code model} names the default (the field is required). */
    Case chat(String group, String name, Object body, Expect expect) {
        Object withModel = body;
        if (body instanceof Map<?, ?> m && !m.containsKey("model")) {
            Map<Object, Object> copy = new java.util.LinkedHashMap<>(m);
            copy.put("model", "default");
            withModel = copy;
        }
        return post(group, name, "/v1/chat/completions", bearer(), "application/json", json(withModel), expect);
    }

    Case prune(String group, String name, Object body, Expect expect) {
        return post(group, name, "/v1/variants", adminKey(), "application/json", json(body), expect);
    }

    /** Byte[] values become file parts, everything else text fields. */
    static byte[] multipart(Map<String, Object> fields) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        fields.forEach((name, value) -> {
            out.writeBytes(("--" + BOUNDARY + "\r\n").getBytes(StandardCharsets.UTF_8));
            if (value instanceof byte[] file) {
                out.writeBytes(("Content-Disposition: form-data; name=\"" + name + "\"; filename=\"f\"\r\n"
                        + "Content-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
                out.writeBytes(file);
            } else {
                out.writeBytes(("Content-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value)
                        .getBytes(StandardCharsets.UTF_8));
            }
            out.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        });
        out.writeBytes(("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    static String dataUri(byte[] image) {
        return "data:image/png;base64," + Base64.getEncoder().encodeToString(image);
    }

    /** A chat request with one user message holding {@code parts}. */
    static Map<String, Object> userParts(Object... parts) {
        return Map.of("max_tokens", 2, "messages", List.of(Map.of("role", "user", "content", List.of(parts))));
    }

    static Map<String, Object> imagePart(String url) {
        return Map.of("type", "image_url", "image_url", Map.of("url", url));
    }

    static Map<String, Object> textPart(String text) {
        return Map.of("type", "text", "text", text);
    }
}
