package dev.lvlmserve.serving.corpus;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Every protected route, each with a harmless request (unknown names, an impossible ratio) so that sending it with
 * its key changes nothing, and every way to spell its path that a client might use to slip past a check that
 * matched paths: percent-encoded letters (either hex case), whole encoded segments, double encoding, encoded
 * slashes and dots, mixed case, trailing slashes, {@code ;} path parameters, doubled slashes, dot segments,
 * backslashes, NUL and overlong junk.
 */
public final class ProtectedRoutes {
    /** Who guards a route. */
    enum Guard { ADMIN, INFERENCE }

    /** A route and the harmless request to send to it. */
    record Route(Guard guard, String method, String path, String jsonBody) {}

    public static final List<Route> ALL = List.of(
            new Route(Guard.ADMIN, "POST", "/v1/variants", "{\"ratio\":0.9}"),
            new Route(Guard.ADMIN, "POST", "/v1/variants/nope/activate", null),
            new Route(Guard.ADMIN, "DELETE", "/v1/variants/nope", null),
            new Route(Guard.ADMIN, "GET", "/v1/jobs", null),
            new Route(Guard.ADMIN, "GET", "/v1/jobs/nope", null),
            new Route(Guard.ADMIN, "DELETE", "/v1/jobs/nope", null),
            new Route(Guard.INFERENCE, "POST", "/v1/vqa", "{\"question\":\"what\"}"),
            new Route(Guard.INFERENCE, "POST", "/v1/chat/completions", "{\"messages\":[]}"),
            new Route(Guard.INFERENCE, "GET", "/v1/models", null),
            new Route(Guard.INFERENCE, "GET", "/v1/models/nope", null),
            new Route(Guard.INFERENCE, "GET", "/v1/variants", null),
            new Route(Guard.INFERENCE, "GET", "/v1/variants/nope", null),
            new Route(Guard.INFERENCE, "GET", "/v1/variants/nope/report", null),
            new Route(Guard.INFERENCE, "GET", "/v1/metrics/summary", null));

    private ProtectedRoutes() {}

    /** Spellings of {@code path} (name → request target); the first is the path itself. */
    static Map<String, String> spellings(String path) {
        String[] seg = path.substring(1).split("/"); // "v1", "variants", ...
        String second = seg[1];
        String rest = path.substring(("/" + seg[0] + "/" + second).length());
        Map<String, String> s = new LinkedHashMap<>();
        s.put("plain", path);
        s.put("first letter encoded", "/v1/" + hex(second.charAt(0), true) + second.substring(1) + rest);
        s.put("first letter encoded, lower-case hex", "/v1/" + hex(second.charAt(0), false) + second.substring(1)
                + rest);
        s.put("last letter encoded", "/v1/" + second.substring(0, second.length() - 1)
                + hex(second.charAt(second.length() - 1), true) + rest);
        s.put("whole segment encoded", "/v1/" + encodeAll(second) + rest);
        s.put("version segment encoded", "/" + encodeAll("v1") + "/" + second + rest);
        s.put("double-encoded letter", "/v1/%25" + Integer.toHexString(second.charAt(0)) + second.substring(1)
                + rest);
        s.put("encoded slash", "/v1%2F" + second + rest);
        s.put("upper case", path.toUpperCase(Locale.ROOT));
        s.put("mixed case", "/v1/" + Character.toUpperCase(second.charAt(0)) + second.substring(1) + rest);
        s.put("trailing slash", path + "/");
        s.put("matrix parameter on the last segment", path + ";jsessionid=x");
        s.put("matrix parameter on v1", "/v1;x=1/" + second + rest);
        s.put("matrix parameter on the second segment", "/v1/" + second + ";a=b" + rest);
        s.put("leading double slash", "/" + path);
        s.put("inner double slash", "/v1//" + second + rest);
        s.put("dot segment", "/v1/./" + second + rest);
        s.put("dot-dot segment", "/v1/x/../" + second + rest);
        s.put("encoded dot-dot segment", "/v1/x/%2e%2e/" + second + rest);
        s.put("backslash", "/v1\\" + second + rest);
        s.put("encoded NUL", path + "%00");
        s.put("bad escape", path + "%zz");
        s.put("non-UTF-8 escape", path + "%ff");
        s.put("query string", path + "?admin=true&key=" + "x".repeat(20));
        return s;
    }

    private static String hex(char c, boolean upper) {
        String h = "%" + String.format("%02x", (int) c);
        return upper ? h.toUpperCase(Locale.ROOT) : h;
    }

    private static String encodeAll(String s) {
        StringBuilder out = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            out.append('%').append(String.format("%02X", b & 0xFF));
        }
        return out.toString();
    }

    /** The key headers for {@code guard}, or wrong ones. */
    static List<String> key(Guard guard, String admin, String inference, boolean right) {
        List<String> h = new ArrayList<>();
        if (guard == Guard.ADMIN) {
            h.addAll(List.of("X-Admin-Key", right ? admin : admin + "x"));
        } else {
            h.addAll(List.of("Authorization", "Bearer " + (right ? inference : "wrong")));
        }
        return h;
    }
}
