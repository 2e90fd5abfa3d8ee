package dev.lvlmserve.serving.openai;

import dev.lvlmserve.model.llava.Conversation;
import dev.lvlmserve.serving.error.ServingException;
import dev.lvlmserve.serving.openai.ChatCompletionRequest.ChatMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A chat's messages as a {@link Conversation} for the model's prompt format: system and developer messages, in
 * order, form the system text; user and assistant messages become turns (consecutive messages of one role are one
 * turn, their texts joined by newlines); the last message must be the user's. A message's text parts are joined
 * by newlines. This model takes at most one image per request, in a user message; the image's part is named in
 * errors as OpenAI names fields ({@code messages[2].content[1].image_url}).
 *
 * @param imageUrl the one {@code image_url} in the conversation, or null
 * @param imageField where it was, for errors about the image
 */
record ChatPrompt(Conversation conversation, String imageUrl, String imageField) {
    static final int MAX_IMAGES = 1;
    private static final Set<String> DETAILS = Set.of("auto", "low", "high");

    static ChatPrompt from(List<ChatMessage> messages) {
        if (messages == null || messages.isEmpty()) {
            throw ServingException.badRequest("empty_array", "messages must hold at least one message.",
                    "messages");
        }
        StringBuilder system = new StringBuilder();
        List<Conversation.Turn> turns = new ArrayList<>();
        String image = null;
        String imageField = null;
        for (int i = 0; i < messages.size(); i++) {
            ChatMessage m = messages.get(i);
            String field = "messages[" + i + "]";
            String role = m == null ? null : m.role();
            if (role == null) {
                throw ServingException.badRequest("missing_required_parameter", field + " has no role.",
                        field + ".role");
            }
            Parts parts = parts(m.content(), field);
            if (parts.image() != null) {
                if (!role.equals("user")) {
                    throw ServingException.badRequest("invalid_value", "Only user messages may hold an image.",
                            parts.imageField());
                }
                if (image != null) {
                    throw tooManyImages(parts.imageField());
                }
                image = parts.image();
                imageField = parts.imageField() + ".image_url";
            }
            switch (role) {
                case "system", "developer" -> system.append(system.isEmpty() ? "" : "\n").append(parts.text());
                case "user", "assistant" -> add(turns, role.equals("user"), parts.text(), parts.image() != null);
                default -> throw ServingException.badRequest("invalid_value", field + " has role '" + role
                        + "'; supported: system, developer, user, assistant.", field + ".role");
            }
        }
        if (turns.isEmpty() || !turns.getLast().user() || !"user".equals(messages.getLast().role())) {
            throw ServingException.badRequest("invalid_value", "The last message must be the user's.", "messages");
        }
        return new ChatPrompt(new Conversation(system.toString(), turns), image, imageField);
    }

    private static void add(List<Conversation.Turn> turns, boolean user, String text, boolean image) {
        if (!turns.isEmpty() && turns.getLast().user() == user) {
            Conversation.Turn last = turns.removeLast();
            String joined = last.text().isEmpty() ? text : text.isEmpty() ? last.text() : last.text() + "\n" + text;
            turns.add(new Conversation.Turn(user, joined, last.image() || image));
        } else {
            turns.add(new Conversation.Turn(user, text, image));
        }
    }

    private record Parts(String text, String image, String imageField) {}

    private static Parts parts(Object content, String field) {
        if (content == null) {
            return new Parts("", null, null);
        }
        if (content instanceof String s) {
            return new Parts(s, null, null);
        }
        if (!(content instanceof List<?> parts)) {
            throw ServingException.badRequest("invalid_type", field + ".content must be a string or an array of "
                    + "parts.", field + ".content");
        }
        StringBuilder text = new StringBuilder();
        String image = null;
        String imageField = null;
        for (int j = 0; j < parts.size(); j++) {
            String partField = field + ".content[" + j + "]";
            Map<?, ?> p = parts.get(j) instanceof Map<?, ?> map ? map : Map.of();
            Object type = p.get("type");
            if ("text".equals(type) && p.get("text") instanceof String t) {
                text.append(text.isEmpty() ? "" : "\n").append(t);
            } else if ("image_url".equals(type)) {
                Object spec = p.get("image_url");
                Object url = spec instanceof Map<?, ?> u ? u.get("url") : spec;
                if (!(url instanceof String s) || s.isBlank()) {
                    throw ServingException.badRequest("invalid_image_url", "An image_url part needs image_url.url.",
                            partField + ".image_url");
                }
                Object detail = spec instanceof Map<?, ?> u ? u.get("detail") : null;
                if (detail != null && !DETAILS.contains(detail)) {
                    throw ServingException.badRequest("invalid_value", "image_url.detail must be auto, low or high.",
                            partField + ".image_url.detail");
                }
                if (image != null) {
                    throw tooManyImages(partField);
                }
                image = s;
                imageField = partField;
            } else {
                throw ServingException.badRequest("invalid_value", partField + " is not a supported content part "
                        + "(supported: text, image_url).", partField + ".type");
            }
        }
        return new Parts(text.toString(), image, imageField);
    }

    private static ServingException tooManyImages(String field) {
        return ServingException.badRequest("too_many_images", "This model takes at most " + MAX_IMAGES
                + " image per request.", field);
    }
}
