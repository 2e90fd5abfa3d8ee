package dev.lvlmserve.serving.corpus;

import static dev.lvlmserve.serving.corpus.Expect.clientError;
import static dev.lvlmserve.serving.corpus.Expect.servedOrRefused;
import static dev.lvlmserve.serving.corpus.Expect.status;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * The malformed-input corpus, generated here, over every endpoint: images (each sample through multipart
 * {@code /v1/vqa}, JSON {@code /v1/vqa} and a {@code data:} URI in chat), bodies, sampling values, prune requests,
 * hostile names, every protected route spelled every way, methods, preflights, the actuator and what Tomcat refuses
 * itself. {@link #run} sends them all and checks each answer: no 5xx, the expected status, an error body in the
 * endpoint's shape, no internals (Java types, frames, HTML, server paths), and, for protected routes, no handler
 * reached without the key.
 */
public final class MalformedInputCorpus {
    /** Things no response body may contain. */
    static final Pattern INTERNALS = Pattern.compile("(?i)(?:\\b(?:java|javax|jakarta|sun|org\\.springframework|"
            + "org\\.apache|dev\\.lvlmserve|tools\\.jackson|com\\.fasterxml|ai\\.djl)\\.\\w)|exception\\b|"
            + "\\bat [\\w$.]+\\(|\\.java:\\d+|<html|<!doctype|apache tomcat|stack ?trace|\\bcaused by\\b");

    private final Requests requests;
    private final List<String> serverPaths;

    /** @param serverPaths absolute paths of the server (data and model directories) that must never appear */
    public MalformedInputCorpus(String adminKey, String inferenceKey, List<String> serverPaths) {
        this.requests = new Requests(adminKey, inferenceKey);
        this.serverPaths = serverPaths;
    }

    public List<Case> cases() {
        List<Case> all = new ArrayList<>();
        for (BadImages.Sample s : BadImages.all()) {
            all.add(requests.vqaForm("image", "vqa form: " + s.name(), Map.of("image", s.bytes(), "question",
                    "what color", "max_new_tokens", "2"), expect(s.outcome(), false)));
            all.add(requests.vqaJson("image", "vqa json: " + s.name(), Map.of("image", java.util.Base64.getEncoder()
                    .encodeToString(s.bytes()), "question", "what color", "max_new_tokens", 2),
                    expect(s.outcome(), false)));
            all.add(requests.chat("image", "chat: " + s.name(), Requests.userParts(Requests.imagePart(
                    Requests.dataUri(s.bytes())), Requests.textPart("what color")), expect(s.outcome(), true)));
        }
        all.addAll(new InferenceCases(requests).all());
        all.addAll(new AdminCases(requests).all());
        all.addAll(new PathCases(requests).all());
        all.addAll(new MiscCases(requests).all());
        return all;
    }

    private static Expect expect(BadImages.Outcome outcome, boolean openAi) {
        return switch (outcome) {
            case SERVED -> status(200);
            case CORRUPT -> status(400);
            case UNSUPPORTED -> status(openAi ? 400 : 415); // OpenAI answers any unreadable image with 400
            case TOO_LARGE -> status(413);
            case ASPECT -> status(422);
            case REFUSED -> clientError();
            case SERVED_OR_REFUSED -> servedOrRefused();
        };
    }

    /** What a run found. */
    public record Report(int cases, Map<String, Integer> byGroup, Map<Integer, Integer> byStatus, int serverErrors,
            List<String> failures, Map<String, Integer> routedWithKey) {
        public String summary() {
            StringBuilder s = new StringBuilder("malformed-input corpus: " + cases + " cases, " + serverErrors
                    + " 5xx, " + failures.size() + " failures\n  by group: " + byGroup + "\n  by status: " + byStatus
                    + "\n  protected-route spellings that reached their handler with the key: " + routedWithKey
                    + "\n");
            failures.stream().limit(40).forEach(f -> s.append("  FAIL ").append(f).append('\n'));
            return s.toString();
        }
    }

    public Report run(RawHttp http) {
        List<Case> cases = cases();
        Map<String, Integer> groups = new LinkedHashMap<>();
        Map<Integer, Integer> statuses = new TreeMap<>();
        Map<String, Integer> routed = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        java.util.TreeMap<Long, String> slowest = new java.util.TreeMap<>();
        int serverErrors = 0;
        for (Case c : cases) {
            groups.merge(c.group(), 1, Integer::sum);
            RawHttp.Response r;
            long t0 = System.nanoTime();
            try {
                r = c.send(http);
                slowest.put((System.nanoTime() - t0) / 1_000_000 * 10_000 + slowest.size(), c.name());
                if (slowest.size() > 8) {
                    slowest.pollFirstEntry();
                }
            } catch (RuntimeException e) {
                failures.add(c.name() + ": no response (" + e.getMessage() + ")");
                continue;
            }
            statuses.merge(r.status(), 1, Integer::sum);
            serverErrors += r.status() >= 500 ? 1 : 0;
            String problem = check(c, r);
            if (problem != null) {
                failures.add(c.group() + " / " + c.name() + ": " + problem + " | " + abbreviate(r.text()));
            }
            if (c.group().equals(PathCases.WITH_KEY) && reachedHandler(r)) {
                routed.merge(c.name().substring(c.name().indexOf(" as ") + 4), 1, Integer::sum);
            }
        }
        slowest.descendingMap().forEach((k, name) -> System.out.println("  slow: " + k / 10_000 + " ms " + name));
        return new Report(cases.size(), groups, statuses, serverErrors, failures, routed);
    }

    private String check(Case c, RawHttp.Response r) {
        if (r.status() >= 500) {
            return "server error " + r.status();
        }
        JsonNode body = json(r);
        JsonNode error = body == null ? null : body.has("error") ? body.path("error") : body;
        String violation = c.expect().violation(r, error);
        if (violation != null) {
            return violation;
        }
        String text = r.text();
        if (INTERNALS.matcher(text).find()) {
            return "the body names internals";
        }
        for (String path : serverPaths) {
            if (text.contains(path)) {
                return "the body names a server path";
            }
        }
        boolean errorOnV1 = r.status() >= 400 && !c.method().equals("HEAD") && c.target().startsWith("/v1");
        return errorOnV1 ? shape(c, r, body) : null;
    }

    private static String shape(Case c, RawHttp.Response r, JsonNode body) {
        boolean openAi = body != null && body.path("error").path("message").isString()
                && body.path("error").path("type").isString() && r.contentType().startsWith("application/json");
        boolean problem = body != null && r.contentType().startsWith("application/problem+json")
                && body.path("status").asInt() == r.status() && body.path("code").isString()
                && body.path("detail").isString();
        if (c.openAi() == null ? openAi || problem : c.openAi() ? openAi : problem) {
            return null;
        }
        return "error not in the " + (c.openAi() == null ? "problem or OpenAI" : c.openAi() ? "OpenAI" : "problem")
                + " shape (" + r.contentType() + ")";
    }

    /** With the key: did the request get past routing and the key check into its handler? */
    static boolean reachedHandler(RawHttp.Response r) {
        JsonNode body = json(r);
        JsonNode error = body == null ? null : body.has("error") ? body.path("error") : body;
        return Expect.refusedBeforeHandler().violation(r, error) != null;
    }

    private static JsonNode json(RawHttp.Response r) {
        try {
            return r.body().length == 0 ? null : Requests.JSON.readTree(r.body());
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "..." : s;
    }
}
