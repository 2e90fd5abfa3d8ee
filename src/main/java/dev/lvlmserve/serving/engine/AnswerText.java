package dev.lvlmserve.serving.engine;

import dev.lvlmserve.model.generate.SampledToken;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.function.LongFunction;

/**
 * An answer's text as its tokens arrive: the deltas to stream, stop strings found on the decoded text, and the
 * tokens' log-probabilities. Detokenisation is not per token (a SentencePiece or word-level tokenizer decides
 * spacing from neighbours), so each token decodes the whole prefix and what it added is the delta; if the decoded
 * prefix ever changes text already sent, nothing is sent until it agrees again. With stop strings, text that may
 * still turn out to begin a stop string is held back, and once one appears the answer ends just before it (the
 * stop string is never sent). A token's log-probability leaves with the first delta that holds its text.
 */
final class AnswerText {
    private final Function<long[], String> decode;
    private final List<String> stops;
    private final int longestStop;
    private final LongFunction<TokenLogprob.Piece> tokenText;
    private long[] tokens = new long[16];
    private int[] starts = new int[16]; // where each token's text begins in the decoded prefix
    private int count;
    private String text = "";
    private String sent = "";
    private int stopAt = -1;
    private final List<TokenLogprob> logprobs = new ArrayList<>();
    private int logprobsSent;

    /** @param tokenText a token id as text and bytes, for log-probabilities; null when none were asked for */
    AnswerText(Function<long[], String> decode, List<String> stops, LongFunction<TokenLogprob.Piece> tokenText) {
        this.decode = decode;
        this.stops = List.copyOf(stops);
        this.longestStop = stops.stream().mapToInt(String::length).max().orElse(0);
        this.tokenText = tokenText;
    }

    /** What one push or the end releases to the client. */
    record Delta(String text, List<TokenLogprob> logprobs) {
        boolean isEmpty() {
            return text.isEmpty() && logprobs.isEmpty();
        }
    }

    Delta push(SampledToken token) {
        if (count == tokens.length) {
            tokens = Arrays.copyOf(tokens, count * 2);
            starts = Arrays.copyOf(starts, count * 2);
        }
        starts[count] = text.length();
        tokens[count++] = token.id();
        if (tokenText != null && token.logprobs() != null) {
            logprobs.add(logprob(token.logprobs(), token.id()));
        }
        String previous = text;
        text = decode.apply(Arrays.copyOf(tokens, count));
        if (!stops.isEmpty() && stopAt < 0) {
            findStop(previous);
        }
        return stopAt >= 0 ? release(stopAt, true) : release(text.length() - heldBack(), false);
    }

    /** A stop string appeared: the generation should end. */
    boolean stopped() {
        return stopAt >= 0;
    }

    /** The rest, once generation has ended: what was held back for a stop string that never came. */
    Delta finish() {
        return release(stopAt >= 0 ? stopAt : text.length(), true);
    }

    /** The whole answer: the decoded text, cut before a stop string. */
    String text() {
        return stopAt >= 0 ? text.substring(0, stopAt) : text;
    }

    /** Log-probabilities of the tokens whose text is in {@link #text()}; null when none were asked for. */
    List<TokenLogprob> logprobs() {
        if (tokenText == null) {
            return null;
        }
        return List.copyOf(logprobs.subList(0, stopAt < 0 ? logprobs.size() : tokensBefore(stopAt)));
    }

    private void findStop(String previous) {
        int from = text.startsWith(previous) ? Math.max(0, previous.length() - longestStop + 1) : 0;
        int best = -1;
        for (String s : stops) {
            int at = text.indexOf(s, from);
            if (at >= 0 && (best < 0 || at < best)) {
                best = at;
            }
        }
        stopAt = best;
    }

    /** Length of the longest end of the text that is the beginning of a stop string. */
    private int heldBack() {
        for (int k = Math.min(longestStop - 1, text.length()); k > 0; k--) {
            String tail = text.substring(text.length() - k);
            for (String s : stops) {
                if (s.startsWith(tail)) {
                    return k;
                }
            }
        }
        return 0;
    }

    /**
     * Sends text up to {@code upTo}, and the log-probabilities of the tokens whose text has all been sent — or, at
     * the end ({@code upTo} is where the answer ends), of every token that begins before it.
     */
    private Delta release(int upTo, boolean end) {
        String delta = "";
        if (text.startsWith(sent) && upTo > sent.length()) {
            delta = text.substring(sent.length(), upTo);
            sent = text.substring(0, upTo);
        }
        int ready = end ? tokensBefore(upTo) : tokensSent();
        List<TokenLogprob> out = ready > logprobsSent ? List.copyOf(logprobs.subList(logprobsSent, ready))
                : List.of();
        logprobsSent = Math.max(logprobsSent, ready);
        return new Delta(delta, out);
    }

    private int tokensSent() {
        int n = 0;
        while (n < logprobs.size() && (n + 1 < count ? starts[n + 1] : text.length()) <= sent.length()) {
            n++;
        }
        return n;
    }

    private int tokensBefore(int offset) {
        int n = 0;
        while (n < logprobs.size() && (starts[n] < offset || offset == text.length())) {
            n++;
        }
        return n;
    }

    private TokenLogprob logprob(SampledToken.Logprobs lp, long id) {
        List<TokenLogprob.Alternative> top = new ArrayList<>();
        for (int i = 0; i < lp.topIds().length; i++) {
            TokenLogprob.Piece alt = tokenText.apply(lp.topIds()[i]);
            top.add(new TokenLogprob.Alternative(alt.text(), lp.topLogprobs()[i], alt.bytes()));
        }
        TokenLogprob.Piece chosen = tokenText.apply(id);
        return new TokenLogprob(chosen.text(), lp.logprob(), chosen.bytes(), List.copyOf(top));
    }
}
