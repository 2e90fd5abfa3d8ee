package dev.lvlmserve.serving.engine;

import java.util.List;

/**
 * One generated token's log-probability and the most likely alternatives at its step, with tokens as text and UTF-8
 * bytes (see {@code TextTokenizer.tokenText} and {@code tokenBytes}). Log-probabilities are of the model's own
 * distribution: before temperature, top-p, penalties and bias.
 */
public record TokenLogprob(String token, double logprob, List<Integer> bytes, List<Alternative> top) {

    public record Alternative(String token, double logprob, List<Integer> bytes) {}

    /** A token as text and as the UTF-8 bytes it adds (a byte-fallback token is one byte of a character). */
    public record Piece(String text, List<Integer> bytes) {
        public static Piece of(String text, byte[] bytes) {
            List<Integer> out = new java.util.ArrayList<>(bytes.length);
            for (byte b : bytes) {
                out.add(b & 0xff);
            }
            return new Piece(text, List.copyOf(out));
        }
    }
}
