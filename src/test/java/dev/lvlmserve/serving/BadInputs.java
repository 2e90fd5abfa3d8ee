package dev.lvlmserve.serving;

import java.awt.Color;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The bad-input corpus of the random-port test: requests that must each get a specific 4xx, never a 5xx. Native
 * endpoints answer with problem details, OpenAI endpoints with OpenAI's error object.
 */
final class BadInputs {
    /** One bad request and the status it must get. */
    record Case(String name, int status, Send send) {}

    @FunctionalInterface
    interface Send {
        TestHttp.Res to(TestHttp http);
    }

    private BadInputs() {}

    static List<Case> corpus(String adminKey) {
        byte[] good = ServingFixtures.png(Color.BLUE, 32);
        String longQuestion = "what color is the cube ".repeat(60);
        return List.of(
                vqa("corrupt png", 400, ServingFixtures.corruptPng()),
                vqa("truncated png", 400, ServingFixtures.truncatedPng()),
                vqa("huge dimension png header", 413, ServingFixtures.hugeDimensionPng()),
                vqa("not an image", 415, "hello, I am text".getBytes(StandardCharsets.UTF_8)),
                vqa("empty image", 400, new byte[0]),
                vqa("image over the byte cap", 413, new byte[300 * 1024]),
                new Case("missing question", 400, h -> h.postMultipart("/v1/vqa", Map.of("image", good))),
                new Case("missing image part", 400, h -> h.postMultipart("/v1/vqa", Map.of("question", "what"))),
                new Case("non-numeric max_new_tokens", 400, h -> h.postMultipart("/v1/vqa",
                        form(good, "max_new_tokens", "lots"))),
                new Case("max_new_tokens over the cap", 400, h -> h.postMultipart("/v1/vqa",
                        form(good, "max_new_tokens", "100000"))),
                new Case("negative temperature", 400, h -> h.postMultipart("/v1/vqa",
                        form(good, "temperature", "-1"))),
                new Case("top_p zero", 400, h -> h.postMultipart("/v1/vqa", form(good, "top_p", "0"))),
                new Case("oversized prompt", 400, h -> h.postMultipart("/v1/vqa",
                        Map.of("image", good, "question", longQuestion))),
                new Case("literal <image> in the question", 400, h -> h.postMultipart("/v1/vqa",
                        Map.of("image", good, "question", "<image> what"))),
                new Case("unknown variant (vqa)", 404, h -> h.postMultipart("/v1/vqa", form(good, "model", "nope"))),
                new Case("wrong content type (vqa)", 415, h -> h.post("/v1/vqa", "text/plain",
                        "question=what".getBytes(StandardCharsets.UTF_8))),
                new Case("bad json (vqa)", 400, h -> h.postJson("/v1/vqa", "{\"question\": ")),
                new Case("bad base64 (vqa)", 400, h -> h.postJson("/v1/vqa",
                        Map.of("image", "***not base64***", "question", "what"))),
                new Case("json missing image", 400, h -> h.postJson("/v1/vqa", Map.of("question", "what"))),
                new Case("body over the request cap", 413, h -> h.postJson("/v1/vqa", Map.of("image",
                        Base64.getEncoder().encodeToString(new byte[600 * 1024]), "question", "what"))),
                new Case("bad json (chat)", 400, h -> h.postJson("/v1/chat/completions", "{nope")),
                new Case("no messages (chat)", 400, h -> h.postJson("/v1/chat/completions", Map.of("model", "default"))),
                new Case("unknown model (chat)", 404, h -> h.postJson("/v1/chat/completions",
                        Map.of("model", "nope", "messages", List.of(Map.of("role", "user", "content", "hi"))))),
                new Case("remote image url refused (chat)", 400, h -> h.postJson("/v1/chat/completions",
                        Map.of("messages", List.of(Map.of("role", "user", "content", List.of(
                                Map.of("type", "image_url", "image_url", Map.of("url", "http://example.com/a.png")),
                                Map.of("type", "text", "text", "what"))))))),
                new Case("wrong content type (chat)", 415, h -> h.post("/v1/chat/completions", "text/plain",
                        "hi".getBytes(StandardCharsets.UTF_8))),
                new Case("last message not the user's (chat)", 400, h -> h.postJson("/v1/chat/completions",
                        Map.of("messages", List.of(Map.of("role", "assistant", "content", "hi"))))),
                new Case("unknown variant", 404, h -> h.get("/v1/variants/nope")),
                new Case("unknown job", 404, h -> h.get("/v1/jobs/nope")),
                new Case("ratio too large", 422, h -> prune(h, adminKey, Map.of("ratio", 0.6))),
                new Case("negative ratio", 422, h -> prune(h, adminKey, Map.of("ratio", -0.1))),
                new Case("ratio removing no layer", 422, h -> prune(h, adminKey, Map.of("ratio", 0.1))),
                new Case("unknown method", 422, h -> prune(h, adminKey, Map.of("ratio", 0.25, "method", "magic"))),
                new Case("width ratio of 1", 422, h -> prune(h, adminKey, Map.of("ratio", 1.0, "method",
                        "width-taylor"))),
                new Case("width layers outside the model", 422, h -> prune(h, adminKey, Map.of("ratio", 0.2,
                        "method", "width-taylor", "options", Map.of("layers", "2-9")))),
                new Case("width layer range backwards", 422, h -> prune(h, adminKey, Map.of("ratio", 0.2,
                        "method", "width-taylor", "options", Map.of("layers", "3-1")))),
                new Case("heads not divisible under GQA", 422, h -> prune(h, adminKey, Map.of("ratio", 0.2,
                        "method", "width-taylor", "options", Map.of("remove_heads", 3)))),
                new Case("width fraction of a layer ≥ 1", 422, h -> prune(h, adminKey, Map.of("ratio", 0.6,
                        "method", "width-random", "options", Map.of("layers", "3-3")))),
                new Case("unknown gqa mode", 422, h -> prune(h, adminKey, Map.of("ratio", 0.2, "method",
                        "width-taylor", "options", Map.of("gqa", "pairs")))),
                new Case("unknown base", 404, h -> prune(h, adminKey, Map.of("ratio", 0.25, "base", "nope"))),
                new Case("invalid variant name", 422, h -> prune(h, adminKey, Map.of("ratio", 0.25,
                        "name", "../escape"))),
                new Case("name of a base", 409, h -> prune(h, adminKey, Map.of("ratio", 0.25, "name", "fixture"))),
                new Case("bad ratio type", 400, h -> prune(h, adminKey, Map.of("ratio", "half"))),
                new Case("no admin key", 401, h -> h.postJson("/v1/variants", Map.of("ratio", 0.25))),
                new Case("wrong admin key", 403, h -> h.postJson("/v1/variants", Map.of("ratio", 0.25),
                        "X-Admin-Key", "wrong")),
                new Case("delete a base", 409, h -> h.delete("/v1/variants/fixture", "X-Admin-Key", adminKey)),
                new Case("delete the default", 409, h -> h.delete("/v1/variants/fixture", "X-Admin-Key", adminKey)),
                new Case("activate unknown", 404, h -> h.post("/v1/variants/nope/activate", null, new byte[0],
                        "X-Admin-Key", adminKey)),
                new Case("cancel unknown job", 404, h -> h.delete("/v1/jobs/nope", "X-Admin-Key", adminKey)));
    }

    private static Case vqa(String name, int status, byte[] image) {
        return new Case(name, status, h -> h.postMultipart("/v1/vqa", Map.of("image", image, "question", "what")));
    }

    private static Map<String, Object> form(byte[] image, String key, String value) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("image", image);
        m.put("question", "what color");
        m.put(key, value);
        return m;
    }

    private static TestHttp.Res prune(TestHttp h, String adminKey, Map<String, Object> body) {
        return h.postJson("/v1/variants", body, "X-Admin-Key", adminKey);
    }
}
