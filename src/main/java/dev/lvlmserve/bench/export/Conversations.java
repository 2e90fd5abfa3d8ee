package dev.lvlmserve.bench.export;

import tools.jackson.databind.JsonNode;

/** LLaVA's {@code conversations} array: the first human turn and the gpt turn that answers it. */
final class Conversations {
    private static final String IMAGE = "<image>";

    private Conversations() {}

    /** {question without the image marker, answer}. */
    static String[] questionAndAnswer(JsonNode conversations) {
        if (!conversations.isArray()) {
            throw new IllegalArgumentException("'conversations' must be an array");
        }
        for (int i = 0; i + 1 < conversations.size(); i++) {
            JsonNode turn = conversations.get(i);
            JsonNode next = conversations.get(i + 1);
            if (turn.isObject() && "human".equals(from(turn)) && next.isObject() && "gpt".equals(from(next))) {
                return new String[] {
                    withoutImage(DatasetReader.text(turn, "value")), DatasetReader.text(next, "value")
                };
            }
        }
        throw new IllegalArgumentException("'conversations' has no human turn followed by a gpt turn");
    }

    private static String from(JsonNode turn) {
        JsonNode from = turn.get("from");
        return from != null && from.isString() ? from.stringValue() : null;
    }

    /** LLaVA data puts the marker first or last, each time with a newline beside it. */
    private static String withoutImage(String value) {
        String v = value.strip();
        if (v.startsWith(IMAGE)) {
            return v.substring(IMAGE.length()).strip();
        }
        if (v.endsWith(IMAGE)) {
            return v.substring(0, v.length() - IMAGE.length()).strip();
        }
        return v;
    }
}
