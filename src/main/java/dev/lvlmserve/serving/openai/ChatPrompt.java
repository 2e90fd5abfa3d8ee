package dev.lvlmserve.serving.openai;

import dev.lvlmserve.serving.error.ServingException;
import dev.lvlmserve.serving.openai.ChatCompletionRequest.ChatMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A chat conversation folded into what a LLaVA-1.5 model takes: one question and at most one image. The last
 * message must be the user's; system (and developer) messages and earlier turns are prepended to the question as
 * plain text ("USER: ..." / "ASSISTANT: ..." lines), since the llava-1.5 prompt has a single user turn.
 *
 * @param imageUrl the one {@code image_url} in the conversation, or null
 */
record ChatPrompt(String question, String imageUrl) {
    private static final String FIELD = "messages";

    static ChatPrompt from(List<ChatMessage> messages) {
        if (messages == null || messages.isEmpty()) {
            throw ServingException.badRequest("missing_field", "messages must hold at least one message.", FIELD);
        }
        StringBuilder context = new StringBuilder();
        String image = null;
        for (int i = 0; i < messages.size(); i++) {
            ChatMessage m = messages.get(i);
            String role = m == null ? null : m.role();
            if (role == null) {
                throw ServingException.badRequest("invalid_message", "messages[" + i + "] has no role.", FIELD);
            }
            List<String> images = new ArrayList<>();
            String text = text(m.content(), i, images);
            if (!images.isEmpty()) {
                if (!role.equals("user") || image != null || images.size() > 1) {
                    throw ServingException.badRequest("too_many_images", "This model takes one image per "
                            + "conversation, in a user message.", FIELD);
                }
                image = images.getFirst();
            }
            boolean last = i == messages.size() - 1;
            switch (role) {
                case "system", "developer" -> context.append(text).append('\n');
                case "user", "assistant" -> {
                    if (last && role.equals("user")) {
                        return new ChatPrompt(context + text, image);
                    }
                    context.append(role.equals("user") ? "USER: " : "ASSISTANT: ").append(text).append('\n');
                }
                default -> throw ServingException.badRequest("invalid_message", "messages[" + i + "] has role '"
                        + role + "'; supported: system, developer, user, assistant.", FIELD);
            }
        }
        throw ServingException.badRequest("invalid_message", "The last message must be the user's.", FIELD);
    }

    private static String text(Object content, int index, List<String> images) {
        if (content == null) {
            return "";
        }
        if (content instanceof String s) {
            return s;
        }
        if (!(content instanceof List<?> parts)) {
            throw ServingException.badRequest("invalid_message", "messages[" + index + "].content must be a string "
                    + "or an array of parts.", FIELD);
        }
        StringBuilder text = new StringBuilder();
        for (Object part : parts) {
            Map<?, ?> p = part instanceof Map<?, ?> map ? map : Map.of();
            Object type = p.get("type");
            if ("text".equals(type) && p.get("text") instanceof String t) {
                text.append(text.isEmpty() ? "" : "\n").append(t);
            } else if ("image_url".equals(type)) {
                Object url = p.get("image_url") instanceof Map<?, ?> u ? u.get("url") : p.get("image_url");
                if (!(url instanceof String s) || s.isBlank()) {
                    throw ServingException.badRequest("invalid_image_url", "An image_url part needs image_url.url.",
                            FIELD);
                }
                images.add(s);
            } else {
                throw ServingException.badRequest("invalid_message", "messages[" + index + "] has an unsupported "
                        + "content part (supported: text, image_url).", FIELD);
            }
        }
        return text.toString();
    }
}
