package dev.lvlmserve.serving.corpus;

import static dev.lvlmserve.serving.corpus.Expect.clientError;
import static dev.lvlmserve.serving.corpus.Expect.error;
import static dev.lvlmserve.serving.corpus.Expect.servedOrRefused;
import static dev.lvlmserve.serving.corpus.Expect.status;
import static dev.lvlmserve.serving.corpus.Requests.dataUri;
import static dev.lvlmserve.serving.corpus.Requests.imagePart;
import static dev.lvlmserve.serving.corpus.Requests.textPart;
import static dev.lvlmserve.serving.corpus.Requests.userParts;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Bad bodies for {@code /v1/vqa} and {@code /v1/chat/completions}: types, multipart, JSON, base64, sampling. */
final class InferenceCases {
    private final Requests r;
    private final byte[] good = BadImages.encode(BadImages.picture(32, 32, java.awt.image.BufferedImage.TYPE_INT_RGB),
            "png");
    private final String goodB64 = Base64.getEncoder().encodeToString(good);

    InferenceCases(Requests r) {
        this.r = r;
    }

    List<Case> all() {
        List<Case> c = new ArrayList<>();
        contentTypes(c);
        multipart(c);
        vqaJson(c);
        sampling(c);
        chat(c);
        remoteUrls(c);
        return c;
    }

    private Map<String, Object> form(String key, Object value) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("image", good);
        m.put("question", "what color is the cube");
        m.put("max_new_tokens", "2");
        if (value == null) {
            m.remove(key);
        } else {
            m.put(key, value);
        }
        return m;
    }

    private Map<String, Object> json(String key, Object value) {
        Map<String, Object> m = new HashMap<>();
        m.put("image", goodB64);
        m.put("question", "what color is the cube");
        m.put("max_new_tokens", 2);
        if (value == null) {
            m.remove(key);
        } else {
            m.put(key, value);
        }
        return m;
    }

    private void contentTypes(List<Case> c) {
        byte[] body = "question=what".getBytes(StandardCharsets.UTF_8);
        for (String type : List.of("text/plain", "application/xml", "application/x-www-form-urlencoded",
                "image/png", "multipart/mixed; boundary=x", "application/octet-stream", "text/html",
                "application/json-patch+json", "video/mp4", "*/*")) {
            c.add(r.post("content type", "vqa as " + type, "/v1/vqa", r.bearer(), type, body, status(415)));
            // OpenAI answers a body it cannot read with 400, whatever the content type
            c.add(r.post("content type", "chat as " + type, "/v1/chat/completions", r.bearer(), type, body,
                    error(400, "invalid_content_type")));
        }
        c.add(r.post("content type", "vqa without a content type", "/v1/vqa", r.bearer(), null, body, status(415)));
        c.add(r.post("content type", "chat without a content type", "/v1/chat/completions", r.bearer(), null, body,
                error(400, "invalid_content_type")));
        c.add(r.post("content type", "json declared, multipart sent", "/v1/vqa", r.bearer(), "application/json",
                Requests.multipart(form("x", null)), status(400)));
        c.add(r.post("content type", "multipart declared, json sent", "/v1/vqa", r.bearer(),
                "multipart/form-data; boundary=" + Requests.BOUNDARY, Requests.json(json("x", null)), status(400)));
        c.add(r.post("content type", "json in an unknown charset", "/v1/vqa", r.bearer(),
                "application/json; charset=x-nonsense", Requests.json(json("x", null)), clientError()));
        c.add(r.post("content type", "Accept: text/html", "/v1/vqa", Requests.with(r.bearer(), "Accept",
                "text/html"), "application/json", "{".getBytes(StandardCharsets.UTF_8), status(400)));
    }

    private void multipart(List<Case> c) {
        String mp = "multipart/form-data; boundary=" + Requests.BOUNDARY;
        byte[] ok = Requests.multipart(form("x", null));
        c.add(r.post("multipart", "no boundary", "/v1/vqa", r.bearer(), "multipart/form-data", ok,
                error(400, "invalid_multipart")));
        c.add(r.post("multipart", "other boundary", "/v1/vqa", r.bearer(), "multipart/form-data; boundary=zzz",
                ok, status(400)));
        c.add(r.post("multipart", "truncated", "/v1/vqa", r.bearer(), mp, java.util.Arrays.copyOf(ok,
                ok.length / 2), error(400, "invalid_multipart")));
        c.add(r.post("multipart", "no closing boundary", "/v1/vqa", r.bearer(), mp,
                java.util.Arrays.copyOf(ok, ok.length - Requests.BOUNDARY.length() - 6), status(400)));
        c.add(r.post("multipart", "empty body", "/v1/vqa", r.bearer(), mp, new byte[0], status(400)));
        c.add(r.post("multipart", "garbage body", "/v1/vqa", r.bearer(), mp,
                "garbage garbage".getBytes(StandardCharsets.UTF_8), status(400)));
        c.add(r.post("multipart", "part without disposition", "/v1/vqa", r.bearer(), mp,
                ("--" + Requests.BOUNDARY + "\r\nContent-Type: text/plain\r\n\r\nhi\r\n--" + Requests.BOUNDARY
                        + "--\r\n").getBytes(StandardCharsets.UTF_8), status(400)));
        c.add(r.vqaForm("multipart", "missing question", form("question", null), status(400)));
        c.add(r.vqaForm("multipart", "missing image", form("image", null), status(400)));
        c.add(r.vqaForm("multipart", "image sent as a text field", form("image", "iVBORw0KGgo="), status(400)));
        c.add(r.vqaForm("multipart", "empty question", form("question", ""), status(400)));
        c.add(r.vqaForm("multipart", "blank question", form("question", "   \t "), status(400)));
        c.add(r.vqaForm("multipart", "<image> in the question", form("question", "<image> what"), status(400)));
        c.add(r.vqaForm("multipart", "question over the token cap", form("question", "red cube ".repeat(200)),
                error(400, "context_length_exceeded")));
        c.add(r.vqaForm("multipart", "huge question", form("question", "x".repeat(100_000)),
                error(400, "context_length_exceeded")));
        c.add(r.vqaForm("multipart", "unicode question", form("question", "какого цвета куб? 🎲 ☃"),
                servedOrRefused()));
        c.add(r.vqaForm("multipart", "NUL in the question", form("question", "what\0color"), servedOrRefused()));
        c.add(r.vqaForm("multipart", "unknown model", form("model", "nope"), status(404)));
        c.add(r.vqaForm("multipart", "traversal model", form("model", "../fixture"), status(404)));
        c.add(r.vqaForm("multipart", "very long model", form("model", "m".repeat(5000)), status(404)));
        c.add(r.vqaForm("multipart", "unknown field", form("colour", "blue"), servedOrRefused()));
    }

    private void vqaJson(List<Case> c) {
        for (String body : List.of("{", "[]", "null", "\"str\"", "123", "{}", "{\"image\":", "{\"question\":\"q\"}",
                "{\"image\":[1,2],\"question\":\"q\"}", "{\"image\":{},\"question\":\"q\"}", "{'image':'x'}",
                "{/*c*/\"question\":\"q\"}", "[".repeat(5000), "{\"a\":".repeat(3000) + "1" + "}".repeat(3000),
                "{\"question\":\"q\",\"image\":\"" + goodB64 + "\",\"max_new_tokens\":1e999999}")) {
            c.add(r.vqaJson("json", "vqa body " + abbreviate(body), body, status(400)));
        }
        for (String body : List.of("{\"image\":\"" + goodB64 + "\",\"question\":\"q\"} trailing",
                "{\"question\":\"\\ud800\",\"image\":\"" + goodB64 + "\"}",
                "\uFEFF{\"question\":\"q\",\"image\":\"" + goodB64 + "\"}")) {
            c.add(r.vqaJson("json", "vqa body " + abbreviate(body), body, servedOrRefused()));
        }
        c.add(r.post("json", "invalid UTF-8 bytes", "/v1/vqa", r.bearer(), "application/json",
                new byte[] {'{', '"', 'q', (byte) 0xC3, (byte) 0x28, '"', ':', '1', '}'}, status(400)));
        for (String image : List.of("***not base64***", "", "   ", "data:image/png,raw", "data:image/png;base64",
                "data:;base64,", "iVBORw0KGgo", goodB64.replace('+', '-').replace('/', '_') + "$",
                "data:text/plain;base64,aGVsbG8=", "=" + goodB64)) {
            c.add(r.vqaJson("base64", "image " + abbreviate(image), json("image", image), clientError()));
        }
        c.add(r.vqaJson("base64", "base64 with line breaks", json("image", goodB64.replaceAll("(.{60})", "$1\n")),
                status(200)));
        c.add(r.vqaJson("base64", "image over the request cap", json("image",
                Base64.getEncoder().encodeToString(new byte[450 * 1024])), status(413)));
        c.add(r.post("base64", "declared length over the cap", "/v1/vqa", Requests.with(r.bearer(),
                "Content-Length", "10000000"), "application/json", "{}".getBytes(StandardCharsets.UTF_8),
                status(413)));
        c.add(r.vqaJson("json", "question of the wrong type", json("question", List.of("a")), status(400)));
        c.add(r.vqaJson("json", "huge question", json("question", "y".repeat(200_000)), status(400)));
    }

    private void sampling(List<Case> c) {
        Map<String, List<Object>> bad = new LinkedHashMap<>();
        bad.put("max_new_tokens", List.of(-1, 0, 17, 2_147_483_647, "lots", 1e10, true, List.of(1)));
        bad.put("temperature", List.of(-1, 2.01, "NaN", "Infinity", "-Infinity", 1e308, "hot", false));
        bad.put("top_p", List.of(0, -0.5, 1.5, "NaN", "1e-400", "much"));
        bad.put("seed", List.of("x", Map.of(), "99999999999999999999999"));
        bad.forEach((field, values) -> {
            for (Object v : values) {
                c.add(r.vqaJson("sampling", "vqa " + field + "=" + v, json(field, v), status(400)));
                c.add(r.vqaForm("sampling", "vqa form " + field + "=" + v, form(field, String.valueOf(v)),
                        status(400)));
            }
        });
        c.add(r.vqaJson("sampling", "max_new_tokens at the cap", json("max_new_tokens", 16), status(200)));
        c.add(r.vqaJson("sampling", "temperature 2, top_p 0.1, seed", new HashMap<>(Map.of("image", goodB64,
                "question", "what", "max_new_tokens", 2, "temperature", 2, "top_p", 0.1, "seed", 42)), status(200)));
        for (Object v : List.of(-5, 0, 17, 100_000, "many", 1.5e12)) {
            c.add(r.chat("sampling", "chat max_tokens=" + v, Map.of("max_tokens", v, "messages",
                    List.of(Map.of("role", "user", "content", "hi"))), status(400)));
            c.add(r.chat("sampling", "chat max_completion_tokens=" + v, Map.of("max_completion_tokens", v,
                    "messages", List.of(Map.of("role", "user", "content", "hi"))), status(400)));
        }
        for (String field : List.of("temperature", "top_p")) {
            for (Object v : List.of("NaN", -1, 3, "warm")) {
                c.add(r.chat("sampling", "chat " + field + "=" + v, Map.of(field, v, "max_tokens", 2, "messages",
                        List.of(Map.of("role", "user", "content", "hi"))), status(400)));
            }
        }
    }

    private void chat(List<Case> c) {
        List<Object> messages = new ArrayList<>();
        messages.add("hi");
        messages.add(5);
        messages.add(Map.of());
        messages.add(Map.of("role", "user"));
        messages.add(Map.of("content", "hi"));
        messages.add(Map.of("role", "tool", "content", "hi"));
        messages.add(Map.of("role", 5, "content", "hi"));
        messages.add(Map.of("role", "user", "content", 5));
        messages.add(Map.of("role", "user", "content", List.of(5)));
        messages.add(Map.of("role", "user", "content", List.of(Map.of("type", "audio", "audio", "x"))));
        messages.add(Map.of("role", "user", "content", List.of(Map.of("type", "image_url"))));
        messages.add(Map.of("role", "user", "content", List.of(Map.of("type", "image_url", "image_url", 5))));
        messages.add(Map.of("role", "user", "content", List.of(Map.of("type", "image_url", "image_url",
                Map.of("url", "")))));
        messages.add(Map.of("role", "assistant", "content", "hi"));
        messages.add(Map.of("role", "user", "content", "<image> describe"));
        messages.add(Map.of("role", "user", "content", "tell me ".repeat(300)));
        for (Object m : messages) {
            c.add(r.chat("chat", "message " + abbreviate(String.valueOf(m)), Map.of("max_tokens", 2, "messages",
                    List.of(m)), status(400)));
        }
        for (String body : List.of("{}", "{\"messages\":\"hi\"}", "{\"messages\":[]}", "{\"messages\":null}",
                "{\"messages\":[null]}", "{nope", "[]", "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
                        + "\"stream\":\"yes\"}", "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
                        + "\"stream_options\":5}", "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"n\":2}",
                "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"n\":0}")) {
            c.add(r.chat("chat", "chat body " + abbreviate(body), body, status(400)));
        }
        String img = dataUri(good);
        c.add(r.chat("chat", "two images", userParts(imagePart(img), imagePart(img), textPart("what")),
                status(400)));
        c.add(r.chat("chat", "image in a system message", Map.of("max_tokens", 2, "messages", List.of(
                Map.of("role", "system", "content", List.of(imagePart(img))), Map.of("role", "user", "content",
                        "what"))), status(400)));
        c.add(r.chat("chat", "unknown model", Map.of("model", "nope", "messages", List.of(Map.of("role", "user",
                "content", "hi"))), status(404)));
        for (String model : List.of("../fixture", "m".repeat(10_000), "modèle", "🙂", "a/b", "%2e%2e")) {
            c.add(r.chat("chat", "model " + abbreviate(model), Map.of("model", model, "max_tokens", 2, "messages",
                    List.of(Map.of("role", "user", "content", "hi"))), status(404)));
        }
        c.add(r.chat("chat", "many messages", Map.of("max_tokens", 2, "messages", java.util.Collections.nCopies(
                2000, Map.of("role", "user", "content", "hi there"))), status(400)));
        c.add(r.chat("chat", "accepted fields without effect", Map.of("max_tokens", 2, "user", "u", "logit_bias",
                Map.of(), "messages", List.of(Map.of("role", "user", "content", "hi"))), status(200)));
        c.add(r.chat("chat", "a field OpenAI's schema does not have", Map.of("max_tokens", 2, "colour", "blue",
                "messages", List.of(Map.of("role", "user", "content", "hi"))), error(400, "unknown_parameter")));
        c.add(r.post("chat", "no model", "/v1/chat/completions", r.bearer(), "application/json", Requests.json(
                Map.of("messages", List.of(Map.of("role", "user", "content", "hi")))),
                error(400, "missing_required_parameter")));
        for (Map.Entry<String, Object> bad : List.<Map.Entry<String, Object>>of(Map.entry("stop", List.of(1, 2)),
                Map.entry("stop", ""), Map.entry("stop", "s".repeat(300)),
                Map.entry("logit_bias", Map.of("x", 1)), Map.entry("logit_bias", Map.of("1", 1e9)),
                Map.entry("logit_bias", Map.of("999999", 1)), Map.entry("logit_bias", Map.of("1", "much")),
                Map.entry("frequency_penalty", 9), Map.entry("presence_penalty", "NaN"),
                Map.entry("top_logprobs", 5), Map.entry("tools", List.of(Map.of("type", "function"))),
                Map.entry("response_format", Map.of("type", "json_schema")), Map.entry("modalities", List.of(
                        "audio")), Map.entry("stream_options", Map.of("include_usage", true)))) {
            c.add(r.chat("chat", "chat " + bad.getKey() + "=" + abbreviate(String.valueOf(bad.getValue())),
                    Map.of("max_tokens", 2, bad.getKey(), bad.getValue(), "messages", List.of(Map.of("role",
                            "user", "content", "hi"))), status(400)));
        }
        for (String image : List.of("data:image/png;base64,***", "data:,", "data:image/png;base64,",
                "data:text/plain;base64,aGVsbG8=", dataUri(new byte[] {1, 2, 3}))) {
            c.add(r.chat("base64", "chat image " + abbreviate(image), userParts(imagePart(image), textPart("what")),
                    status(400)));
        }
    }

    private void remoteUrls(List<Case> c) {
        for (String url : List.of("http://127.0.0.1/a.png", "http://localhost:8080/v1/models",
                "http://169.254.169.254/latest/meta-data/iam/", "http://[::1]/a.png", "http://[fd00:ec2::254]/",
                "http://100.100.100.200/latest/meta-data/", "http://10.0.0.1/a.png", "http://0.0.0.0/",
                "http://2130706433/", "http://0x7f.1/", "file:///etc/passwd", "file:///proc/self/environ",
                "gopher://127.0.0.1:6379/_FLUSHALL", "ftp://example.com/a.png", "javascript:alert(1)",
                "jar:file:/tmp/x.jar!/a.png", "http://", "not a url", "http://user:pw@example.com/a.png",
                "https://example.com/a.png", "%%%", "http://example.com/\r\nX-Injected: 1")) {
            c.add(r.chat("remote url", "image_url " + abbreviate(url), userParts(imagePart(url), textPart("what")),
                    status(400)));
        }
    }

    static String abbreviate(String s) {
        String one = s.replaceAll("\\s+", " ");
        return one.length() > 60 ? one.substring(0, 57) + "..." : one;
    }
}
