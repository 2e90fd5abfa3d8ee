package dev.lvlmserve.serving.openai;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.lvlmserve.serving.engine.TokenLogprob;
import java.util.ArrayList;
import java.util.List;

/**
 * A choice's {@code logprobs} object as OpenAI shapes it: {@code content} holds one entry per returned token
 * (token text, log-probability, its UTF-8 bytes and the most likely alternatives); {@code refusal} is always null.
 */
public record ChatLogprobs(List<Token> content, List<Token> refusal) {

    public record Token(String token, double logprob, List<Integer> bytes,
            @JsonProperty("top_logprobs") List<Top> topLogprobs) {}

    public record Top(String token, double logprob, List<Integer> bytes) {}

    /** Null when no log-probabilities were asked for. */
    static ChatLogprobs of(List<TokenLogprob> tokens) {
        if (tokens == null) {
            return null;
        }
        List<Token> content = new ArrayList<>();
        for (TokenLogprob t : tokens) {
            List<Top> top = t.top().stream().map(a -> new Top(a.token(), a.logprob(), a.bytes())).toList();
            content.add(new Token(t.token(), t.logprob(), t.bytes(), top));
        }
        return new ChatLogprobs(content, null);
    }
}
