package dev.lvlmserve.model.llava;

import java.util.List;

/**
 * A chat as the model's prompt format takes it: an optional system text, then alternating turns ending with the
 * user's, at most one of which holds the image.
 *
 * @param system system (and developer) text, or empty
 */
public record Conversation(String system, List<Turn> turns) {

    /** One turn; {@code image} puts the image placeholder at the start of a user turn. */
    public record Turn(boolean user, String text, boolean image) {
        public Turn {
            if (image && !user) {
                throw new IllegalArgumentException("only a user turn can hold the image");
            }
        }
    }

    public Conversation {
        system = system == null ? "" : system;
        turns = List.copyOf(turns);
        if (turns.isEmpty() || !turns.getLast().user()) {
            throw new IllegalArgumentException("a conversation ends with a user turn");
        }
        if (turns.stream().filter(Turn::image).count() > 1) {
            throw new IllegalArgumentException("at most one turn holds the image");
        }
    }

    /** One question, optionally about the image: what the VQA endpoint asks. */
    public static Conversation question(String question, boolean withImage) {
        return new Conversation("", List.of(new Turn(true, question, withImage)));
    }

    public boolean hasImage() {
        return turns.stream().anyMatch(Turn::image);
    }

    /** Every text the client wrote (system and turns), for checks that apply to all of it. */
    public List<String> texts() {
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(system), turns.stream().map(Turn::text))
                .toList();
    }
}
