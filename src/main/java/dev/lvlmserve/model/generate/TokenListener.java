package dev.lvlmserve.model.generate;

/** Receives each generated token as soon as it is chosen (for streaming and time-to-first-token). */
@FunctionalInterface
public interface TokenListener {
    TokenListener NONE = (row, token) -> {};

    /** @param row the sequence's index in the batch */
    void onToken(int row, long token);

    /** The token with its log-probabilities (when the sequence asked for them); by default only its id. */
    default void onToken(int row, SampledToken token) {
        onToken(row, token.id());
    }

    /**
     * Whether the sequence in {@code row} is no longer wanted (its client went away, or a stop string was found in
     * its text). Asked before every step; a row that answers yes stops there with {@code finish_reason}
     * {@code cancelled}, and a batch whose rows have all stopped ends.
     */
    default boolean cancelled(int row) {
        return false;
    }
}
