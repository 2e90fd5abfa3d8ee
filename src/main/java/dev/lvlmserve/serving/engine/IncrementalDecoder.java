package dev.lvlmserve.serving.engine;

import java.util.Arrays;
import java.util.function.Function;

/**
 * Turns tokens into text deltas for streaming. Detokenisation is not per-token (a word-level or SentencePiece
 * tokenizer decides spacing from neighbours), so each step decodes the whole prefix and emits what was added; if
 * the decoded prefix ever changes earlier text, nothing is emitted until it agrees again.
 */
final class IncrementalDecoder {
    private final Function<long[], String> decode;
    private long[] tokens = new long[16];
    private int count;
    private String emitted = "";

    IncrementalDecoder(Function<long[], String> decode) {
        this.decode = decode;
    }

    /** The text {@code token} adds, possibly empty. */
    String push(long token) {
        if (count == tokens.length) {
            tokens = Arrays.copyOf(tokens, count * 2);
        }
        tokens[count++] = token;
        String text = decode.apply(Arrays.copyOf(tokens, count));
        if (!text.startsWith(emitted)) {
            return "";
        }
        String delta = text.substring(emitted.length());
        emitted = text;
        return delta;
    }
}
