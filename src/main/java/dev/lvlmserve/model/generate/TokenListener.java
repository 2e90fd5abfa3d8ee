package dev.lvlmserve.model.generate;

/** Receives each generated token as soon as it is chosen (for streaming and time-to-first-token). */
@FunctionalInterface
public interface TokenListener {
    TokenListener NONE = (row, token) -> {};

    /** @param row the sequence's index in the batch */
    void onToken(int row, long token);
}
