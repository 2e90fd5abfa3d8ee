package dev.lvlmserve.serving.corpus;

import static dev.lvlmserve.serving.corpus.Expect.refusedBeforeHandler;
import static dev.lvlmserve.serving.corpus.Expect.servedOrRefused;

import dev.lvlmserve.serving.corpus.ProtectedRoutes.Guard;
import dev.lvlmserve.serving.corpus.ProtectedRoutes.Route;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every spelling of every protected route, sent without its key, with a wrong key, with the other API's key, and
 * with its key. Without the right key nothing may reach a handler; with it, the spellings that routing accepts
 * must reach their handler (so the refusals are the check's doing, not routing's).
 */
public final class PathCases {
    static final String NO_KEY = "protected route, no key";
    static final String WITH_KEY = "protected route, with key";

    /** Spellings Tomcat and Spring route to the handler: the ones a path-matching check could be fooled by. */
    public static final Set<String> MUST_ROUTE = Set.of("plain", "first letter encoded",
            "first letter encoded, lower-case hex", "last letter encoded", "whole segment encoded",
            "version segment encoded", "matrix parameter on the last segment", "matrix parameter on v1",
            "matrix parameter on the second segment", "query string");

    private final Requests r;

    PathCases(Requests r) {
        this.r = r;
    }

    List<Case> all() {
        List<Case> c = new ArrayList<>();
        for (Route route : ProtectedRoutes.ALL) {
            Boolean openAi = Requests.openAi(route.path());
            for (Map.Entry<String, String> s : ProtectedRoutes.spellings(route.path()).entrySet()) {
                String name = route.method() + " " + route.path() + " as " + s.getKey();
                c.add(send(NO_KEY, name, route, s.getValue(), List.of(), s.getKey().equals("plain") ? openAi : null,
                        refusedBeforeHandler()));
                c.add(send(WITH_KEY, name, route, s.getValue(), ProtectedRoutes.key(route.guard(), r.admin,
                        r.inference, true), s.getKey().equals("plain") ? openAi : null, servedOrRefused()));
                if (MUST_ROUTE.contains(s.getKey())) {
                    c.add(send("protected route, wrong key", name, route, s.getValue(), ProtectedRoutes.key(
                            route.guard(), r.admin, r.inference, false), null, refusedBeforeHandler()));
                }
            }
            List<String> other = route.guard() == Guard.ADMIN ? r.bearer() : r.adminKey();
            c.add(send("protected route, other API's key", route.method() + " " + route.path(), route, route.path(),
                    other, openAi, refusedBeforeHandler()));
            c.add(send("protected route, wrong key", route.method() + " " + route.path() + " with an empty key",
                    route, route.path(), route.guard() == Guard.ADMIN ? List.of("X-Admin-Key", "")
                            : List.of("Authorization", "Bearer "), openAi, refusedBeforeHandler()));
            c.add(send("protected route, wrong key", route.method() + " " + route.path() + " with Basic auth", route,
                    route.path(), List.of("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(
                            ("admin:" + r.admin).getBytes(StandardCharsets.UTF_8))), openAi, refusedBeforeHandler()));
        }
        return c;
    }

    private static Case send(String group, String name, Route route, String target, List<String> key,
            Boolean openAi, Expect expect) {
        List<String> headers = new ArrayList<>(key);
        byte[] body = null;
        if (route.jsonBody() != null) {
            headers.addAll(List.of("Content-Type", "application/json"));
            body = route.jsonBody().getBytes(StandardCharsets.UTF_8);
        } else if (route.method().equals("POST")) {
            body = new byte[0];
        }
        return new Case(group, name, route.method(), target, headers, body, openAi, expect);
    }
}
