package dev.lvlmserve.serving.corpus;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/** What a corpus case must be answered with; {@link #violation} says why a response is not that, or null. */
@FunctionalInterface
public interface Expect {
    String violation(RawHttp.Response r, JsonNode error);

    /** One of these statuses. */
    static Expect status(Integer... statuses) {
        Set<Integer> allowed = Set.of(statuses);
        return (r, e) -> allowed.contains(r.status()) ? null : "status " + r.status() + ", expected " + allowed;
    }

    /** Any 4xx. */
    static Expect clientError() {
        return (r, e) -> r.status() >= 400 && r.status() < 500 ? null : "status " + r.status() + ", expected 4xx";
    }

    /** A redirect to this path on the same origin (a Location of another host would be an open redirect). */
    static Expect redirectTo(String path) {
        return (r, e) -> {
            String location = r.headers().getOrDefault("location", "");
            boolean sameOrigin = location.equals(path) || location.matches("https?://(localhost|127\\.0\\.0\\.1)"
                    + "(:\\d+)?" + java.util.regex.Pattern.quote(path));
            return r.status() == 302 && sameOrigin ? null : "status " + r.status() + " location " + location
                    + ", expected 302 to " + path;
        };
    }

    /** A safe outcome either way: served (2xx) or refused (4xx). */
    static Expect servedOrRefused() {
        return (r, e) -> r.status() < 300 || (r.status() >= 400 && r.status() < 500) ? null
                : "status " + r.status() + ", expected 2xx or 4xx";
    }

    /**
     * Refused before any handler ran: the key check (401, 403), or routing itself (400 from Tomcat, 404 with no
     * handler, 405), told apart from a handler's own 400/404 by the error code.
     */
    static Expect refusedBeforeHandler() {
        Set<String> routing = Set.of("bad_request", "not_found", "method_not_allowed");
        return (r, e) -> {
            String code = e == null ? "" : e.path("code").asString("");
            if (r.status() == 401 || r.status() == 403) {
                return null;
            }
            if ((r.status() == 400 || r.status() == 404 || r.status() == 405) && routing.contains(code)) {
                return null;
            }
            return "reached a handler without its key: status " + r.status() + " code " + code;
        };
    }

    /** This status and this error code. */
    static Expect error(int status, String... codes) {
        Set<String> allowed = Arrays.stream(codes).collect(Collectors.toSet());
        return (r, e) -> {
            String code = e == null ? "" : e.path("code").asString("");
            return r.status() == status && (allowed.isEmpty() || allowed.contains(code)) ? null
                    : "status " + r.status() + " code " + code + ", expected " + status + " " + allowed;
        };
    }
}
