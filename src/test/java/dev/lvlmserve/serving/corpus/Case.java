package dev.lvlmserve.serving.corpus;

import java.util.List;

/**
 * One malformed (or hostile) request and what it must get.
 *
 * @param group what the case probes, for the printed counts
 * @param openAi whether errors come in OpenAI's shape (true), as problem+json (false), or either (null: a path
 *     spelled so oddly that which API it belongs to is the server's guess)
 */
public record Case(String group, String name, String method, String target, List<String> headers, byte[] body,
        Boolean openAi, Expect expect) {

    public RawHttp.Response send(RawHttp http) {
        return http.send(method, target, body, headers);
    }
}
