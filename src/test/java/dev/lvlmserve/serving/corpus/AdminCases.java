package dev.lvlmserve.serving.corpus;

import static dev.lvlmserve.serving.corpus.Expect.clientError;
import static dev.lvlmserve.serving.corpus.Expect.error;
import static dev.lvlmserve.serving.corpus.Expect.servedOrRefused;
import static dev.lvlmserve.serving.corpus.Expect.status;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Prune requests that must be refused before any job starts (ratios, methods, bases, names, calibration paths,
 * options, gates), and hostile variant and job names in paths. Every prune case carries one more invalid field that
 * is checked last (a gate of 0 samples), so that an expectation gone wrong shows as a wrong error code rather than
 * as a job that quietly runs.
 */
final class AdminCases {
    private final Requests r;

    AdminCases(Requests r) {
        this.r = r;
    }

    List<Case> all() {
        List<Case> c = new ArrayList<>();
        prune(c);
        names(c);
        return c;
    }

    /** Width requests the fixture (4 layers, 4 query heads over 2 key/value heads) cannot honour. */
    private void widths(List<Case> c) {
        List<Object[]> bad = List.of(
                new Object[] {"width ratio of 1", 1.0, "width-taylor", Map.of()},
                new Object[] {"width layers outside the model", 0.2, "width-taylor", Map.of("layers", "2-9")},
                new Object[] {"width layer range backwards", 0.2, "width-taylor", Map.of("layers", "3-1")},
                new Object[] {"heads not divisible under GQA", 0.2, "width-taylor", Map.of("remove_heads", 3)},
                new Object[] {"width fraction of a layer >= 1", 0.6, "width-random", Map.of("layers", "3-3")},
                new Object[] {"unknown gqa mode", 0.2, "width-taylor", Map.of("gqa", "pairs")});
        for (Object[] b : bad) {
            Map<String, Object> m = body("ratio", b[1]);
            m.put("method", b[2]);
            m.put("options", b[3]);
            c.add(r.prune("width", (String) b[0], m, error(422, "invalid_ratio", "invalid_options")));
        }
    }

    private static Map<String, Object> body(String key, Object value) {
        Map<String, Object> m = new HashMap<>();
        m.put("ratio", 0.25);
        m.put("method", "last-n");
        m.put("name", "corpus-variant");
        m.put("quality_gate", Map.of("samples", 0)); // refused last: nothing here may start a job
        m.put(key, value);
        return m;
    }

    private void prune(List<Case> c) {
        for (Object ratio : List.of(0.6, -0.1, 0.5, 1e308, 0.1, 0.0)) {
            c.add(r.prune("ratio", "ratio " + ratio, body("ratio", ratio), error(422, "invalid_ratio")));
        }
        for (Object ratio : List.of("half", List.of(0.25), Map.of())) {
            c.add(r.prune("ratio", "ratio " + ratio, body("ratio", ratio), error(400, "invalid_json")));
        }
        c.add(r.prune("ratio", "ratio true", body("ratio", true), clientError()));
        c.add(r.prune("ratio", "ratio missing", body("ratio", null), error(400, "missing_field")));
        widths(c);
        for (String method : List.of("magic", "", "../last-n", "LAST-N", "last-n\0", "x".repeat(1000))) {
            c.add(r.prune("method", "method " + InferenceCases.abbreviate(method), body("method", method),
                    error(422, "unknown_method")));
        }
        for (String base : List.of("nope", "../fixture", "fixture/..", "FIXTURE", "%66ixture")) {
            c.add(r.prune("base", "base " + base, body("base", base), error(404, "base_not_found")));
        }
        for (String name : List.of("../escape", "a/b", "a\\b", ".hidden", "-x", "default", "n".repeat(65),
                "n".repeat(10_000), "modèle", "🙂", "a\0b", "a b", "%2e%2e", "..", ".", "", "name\r\nX: y",
                "a:b", "a*b")) {
            c.add(r.prune("name", "name " + InferenceCases.abbreviate(name), body("name", name),
                    error(422, "invalid_name")));
        }
        Map<String, Object> base = new HashMap<>(body("name", "fixture"));
        base.remove("quality_gate");
        c.add(r.prune("name", "name of a base", base, error(409, "name_taken")));
        for (String path : List.of("/proc/self/environ", "../../etc/passwd", "/etc/passwd", "calibration/../../x",
                "x\0.jsonl", "p".repeat(5000), "%2e%2e/%2e%2e/etc/passwd", "..\\..\\etc\\passwd", "/dev/zero",
                "/dev/stdin", "file:///etc/passwd", "", " ")) {
            c.add(r.prune("calibration", "calibration path " + InferenceCases.abbreviate(path), body("calibration",
                    Map.of("source", "jsonl", "path", path)), error(422, "invalid_calibration")));
        }
        c.add(r.prune("calibration", "calibration without a path", body("calibration", Map.of("source", "jsonl")),
                error(422, "invalid_calibration")));
        c.add(r.prune("calibration", "unknown calibration source", body("calibration", Map.of("source", "evil")),
                error(422, "invalid_calibration")));
        for (Object size : List.of(-1, 0, 1_000_000_000)) {
            c.add(r.prune("calibration", "calibration size " + size, body("calibration", Map.of("source", "builtin",
                    "size", size)), error(422, "invalid_calibration")));
        }
        c.add(r.prune("calibration", "calibration as a string", body("calibration", "jsonl"),
                error(400, "invalid_json")));
        c.add(r.prune("calibration", "calibration size as text", body("calibration", Map.of("size", "many")),
                error(400, "invalid_json")));
        for (Object gate : List.of(Map.of("min_retention", 2), Map.of("min_retention", -1), Map.of("samples", 0),
                Map.of("samples", 100_000))) {
            c.add(r.prune("gate", "quality gate " + gate, body("quality_gate", gate), error(422, "invalid_gate")));
        }
        c.add(r.prune("gate", "quality gate as a number", body("quality_gate", 5), error(400, "invalid_json")));
        c.add(r.prune("options", "activate_on_success as text", body("activate_on_success", "yes"),
                error(400, "invalid_json")));
        c.add(r.prune("options", "seed as text", body("seed", "x"), error(400, "invalid_json")));
        c.add(r.prune("options", "options as a list", body("options", List.of(1)), error(400, "invalid_json")));
        for (String raw : List.of("", "{", "[]", "null", "{\"ratio\":NaN}", "{\"ratio\":0.25,}")) {
            c.add(r.post("json", "prune body " + raw, "/v1/variants", r.adminKey(), "application/json",
                    raw.getBytes(StandardCharsets.UTF_8), status(400)));
        }
        c.add(r.post("content type", "prune as text", "/v1/variants", r.adminKey(), "text/plain",
                "ratio=0.25".getBytes(StandardCharsets.UTF_8), status(415)));
    }

    /** Hostile names in paths, with the right key, so that the handlers themselves see them. */
    private void names(List<Case> c) {
        List<String> names = List.of("..", "%2e%2e", "..%2F..%2Fetc%2Fpasswd", "%2e%2e%2f%2e%2e%2fetc%2fpasswd",
                "n".repeat(300), "n".repeat(9000), "%C3%A9t%C3%A9", "%F0%9F%99%82", "nope%00", "CON", "default",
                "a;b", "%3B", "~", "%20", "nope%0d%0aX-Injected:%201", "%ff%fe", "*", "fixture%2F..");
        for (String n : names) {
            String shown = InferenceCases.abbreviate(n);
            c.add(r.get("names", "variant " + shown, "/v1/variants/" + n, r.bearer(), servedOrRefused()));
            c.add(r.get("names", "report of " + shown, "/v1/variants/" + n + "/report", r.bearer(),
                    servedOrRefused()));
            c.add(new Case("names", "model " + shown, "GET", "/v1/models/" + n, r.bearer(), null,
                    n.length() > 8000 ? null : true, servedOrRefused())); // a 9000-character target: Tomcat's 400
            c.add(r.get("names", "job " + shown, "/v1/jobs/" + n, r.adminKey(), clientError()));
            c.add(new Case("names", "delete variant " + shown, "DELETE", "/v1/variants/" + n, r.adminKey(), null,
                    false, clientError()));
            c.add(new Case("names", "activate " + shown, "POST", "/v1/variants/" + n + "/activate", r.adminKey(),
                    null, false, n.equals("default") ? servedOrRefused() : clientError()));
            c.add(new Case("names", "cancel job " + shown, "DELETE", "/v1/jobs/" + n, r.adminKey(), null, false,
                    clientError()));
        }
    }
}
