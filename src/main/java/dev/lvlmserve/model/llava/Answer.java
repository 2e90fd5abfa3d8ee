package dev.lvlmserve.model.llava;

/** A generated answer with its token counts and timings. */
public record Answer(String text, long[] tokens, String finishReason, int promptTokens, Timings timings) {
    public int completionTokens() {
        return tokens.length;
    }
}
