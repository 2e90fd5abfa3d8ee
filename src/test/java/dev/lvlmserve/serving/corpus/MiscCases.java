package dev.lvlmserve.serving.corpus;

import static dev.lvlmserve.serving.corpus.Expect.clientError;
import static dev.lvlmserve.serving.corpus.Expect.error;
import static dev.lvlmserve.serving.corpus.Expect.redirectTo;
import static dev.lvlmserve.serving.corpus.Expect.servedOrRefused;
import static dev.lvlmserve.serving.corpus.Expect.status;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Requests that go wrong outside any handler: methods a route does not take, the error page asked for directly,
 * CORS preflights (with the inference key set), the actuator's own parameters, and what Tomcat refuses itself (too
 * many or too large headers, overlong request lines, bad chunking, unknown methods).
 */
final class MiscCases {
    private final Requests r;

    MiscCases(Requests r) {
        this.r = r;
    }

    List<Case> all() {
        List<Case> c = new ArrayList<>();
        for (ProtectedRoutes.Route route : ProtectedRoutes.ALL) {
            List<String> key = route.guard() == ProtectedRoutes.Guard.ADMIN ? r.adminKey() : r.bearer();
            for (String method : List.of("PUT", "PATCH", "TRACE", "HEAD", "OPTIONS", "GET", "POST", "DELETE")) {
                if (!method.equals(route.method())) {
                    c.add(new Case("methods", method + " " + route.path(), method, route.path(), key, null,
                            Requests.openAi(route.path()), servedOrRefused()));
                }
            }
            c.add(new Case("cors", "preflight " + route.path(), "OPTIONS", route.path(), List.of("Origin",
                    "https://evil.example", "Access-Control-Request-Method", route.method(),
                    "Access-Control-Request-Headers", "authorization"), null, Requests.openAi(route.path()),
                    servedOrRefused()));
        }
        for (String method : List.of("GET", "POST", "DELETE", "PUT")) {
            c.add(new Case("error page", method + " /error", method, "/error", List.of(), null, false,
                    error(404, "not_found")));
        }
        c.add(r.get("error page", "unknown /v1 path", "/v1/nothing-here", List.of(), error(404, "not_found")));
        // The root and /console lead to the operator console's page, on this origin only (the page itself, HTML
        // by design, is checked in ServerRandomPortTest); nothing outside its files is served beside it.
        c.add(r.get("console", "root", "/", List.of(), redirectTo("/console/")));
        c.add(r.get("console", "/console", "/console", List.of(), redirectTo("/console/")));
        c.add(r.get("console", "unknown file", "/console/nope.js", List.of(), error(404, "not_found")));
        c.add(r.get("console", "dot segments out of the console", "/console/../application.yaml", List.of(),
                clientError()));
        c.add(r.get("console", "encoded dot segments", "/console/%2e%2e/%2e%2e/application.yaml", List.of(),
                clientError()));
        c.add(r.get("console", "a class file", "/dev/lvlmserve/Main.class", List.of(), clientError()));
        actuator(c);
        tomcat(c);
        return c;
    }

    private void actuator(List<Case> c) {
        for (String target : List.of("/actuator/metrics/jvm.memory.used?tag=%ff", "/actuator/metrics/jvm.memory.used"
                        + "?tag=%zz", "/actuator/metrics/jvm.memory.used?tag=area", "/actuator/metrics/nope",
                "/actuator/metrics/jvm.memory.used?tag=area:heap&tag=area:heap", "/actuator/health/nope",
                "/actuator/env", "/actuator/heapdump", "/actuator/threaddump", "/actuator/shutdown",
                "/actuator/prometheus?includedNames=%ff", "/actuator/health/%ff", "/actuator/metrics?" + "a=b&".repeat(
                        500))) {
            c.add(r.get("actuator", target.length() > 70 ? target.substring(0, 70) : target, target, List.of(),
                    servedOrRefused()));
        }
        c.add(new Case("actuator", "POST /actuator/shutdown", "POST", "/actuator/shutdown", List.of(), new byte[0],
                false, clientError()));
    }

    private void tomcat(List<Case> c) {
        List<String> many = new ArrayList<>(r.bearer());
        for (int i = 0; i < 120; i++) {
            many.addAll(List.of("X-Header-" + i, "v"));
        }
        c.add(r.get("tomcat", "120 headers", "/v1/models", many, status(400)));
        c.add(r.get("tomcat", "a 20 KB header", "/v1/models", Requests.with(r.bearer(), "X-Big", "b".repeat(20_000)),
                clientError()));
        c.add(new Case("tomcat", "a 10 KB request target", "GET", "/v1/models?q=" + "q".repeat(10_000), r.bearer(),
                null, null, clientError())); // Tomcat cannot read the request line: either shape is fine
        c.add(r.get("tomcat", "encoded slash", "/v1/variants%2Fnope", r.bearer(), status(400)));
        c.add(r.get("tomcat", "encoded NUL", "/v1/variants/%00", r.bearer(), status(400)));
        c.add(r.get("tomcat", "bad escape", "/v1/variants/%zz", r.bearer(), status(400)));
        c.add(r.get("tomcat", "raw space in the target", "/v1/vari ants", r.bearer(), clientError()));
        c.add(r.get("tomcat", "raw non-ASCII in the target", "/v1/variants/é", r.bearer(), servedOrRefused()));
        c.add(new Case("tomcat", "unknown method", "G@T", "/v1/models", r.bearer(), null, null, clientError()));
        c.add(new Case("tomcat", "bad chunk size", "POST", "/v1/vqa", Requests.with(r.bearer(), "Content-Type",
                "application/json", "Transfer-Encoding", "chunked"), "zz\r\n{}\r\n0\r\n\r\n".getBytes(
                        StandardCharsets.US_ASCII), false, clientError()));
        c.add(new Case("tomcat", "chunked body over the cap", "POST", "/v1/vqa", Requests.with(r.bearer(),
                "Content-Type", "application/json", "Transfer-Encoding", "chunked"), chunked(600 * 1024), false,
                status(413)));
        c.add(new Case("tomcat", "conflicting Content-Length and chunked", "POST", "/v1/vqa", Requests.with(
                r.bearer(), "Content-Type", "application/json", "Transfer-Encoding", "chunked", "Content-Length",
                "3"), "0\r\n\r\n".getBytes(StandardCharsets.US_ASCII), false, clientError()));
        c.add(new Case("tomcat", "two Content-Length headers", "POST", "/v1/vqa", Requests.with(r.bearer(),
                "Content-Type", "application/json", "Content-Length", "2", "Content-Length", "3"),
                "{}".getBytes(StandardCharsets.US_ASCII), false, clientError()));
    }

    /** A chunked JSON string of {@code n} bytes, in 8 KiB chunks. */
    private static byte[] chunked(int n) {
        StringBuilder b = new StringBuilder();
        String piece = "a".repeat(8192);
        b.append("1\r\n\"\r\n");
        for (int sent = 0; sent < n; sent += piece.length()) {
            b.append(Integer.toHexString(piece.length())).append("\r\n").append(piece).append("\r\n");
        }
        b.append("1\r\n\"\r\n0\r\n\r\n");
        return b.toString().getBytes(StandardCharsets.US_ASCII);
    }
}
