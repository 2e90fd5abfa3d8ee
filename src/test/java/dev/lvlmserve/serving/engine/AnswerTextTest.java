package dev.lvlmserve.serving.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lvlmserve.model.generate.SampledToken;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class AnswerTextTest {
    static final String[] WORDS = {"", "red", "car", "left", "of", "STOP", "x\ny", "ST", "OP", "z"};

    /** Words joined by spaces, as a word-level tokenizer decodes. */
    static String decode(long[] ids) {
        return Arrays.stream(ids).mapToObj(i -> WORDS[(int) i]).collect(Collectors.joining(" "));
    }

    static AnswerText text(List<String> stops, boolean logprobs) {
        return new AnswerText(AnswerTextTest::decode, stops, logprobs ? i -> TokenLogprob.Piece.of(WORDS[(int) i],
                WORDS[(int) i].getBytes(java.nio.charset.StandardCharsets.UTF_8)) : null);
    }

    static SampledToken token(long id) {
        return new SampledToken(id, new SampledToken.Logprobs(-id, new int[] {(int) id}, new float[] {-id}));
    }

    @Test
    void emitsWhatEachTokenAddsIncludingSpacing() {
        AnswerText t = text(List.of(), false);
        assertThat(t.push(token(1)).text()).isEqualTo("red");
        assertThat(t.push(token(2)).text()).isEqualTo(" car");
        assertThat(t.push(token(3)).text()).isEqualTo(" left");
        assertThat(t.finish().text()).isEmpty();
        assertThat(t.text()).isEqualTo("red car left");
        assertThat(t.logprobs()).isNull();
    }

    @Test
    void holdsBackWhileTheDecodedPrefixChanges() {
        String[] outputs = {"a", "b", "bc"}; // the second token rewrites the first character
        int[] call = {0};
        AnswerText t = new AnswerText(ids -> outputs[call[0]++], List.of(), null);
        assertThat(t.push(token(1)).text()).isEqualTo("a");
        assertThat(t.push(token(2)).text()).isEmpty();
        assertThat(t.push(token(3)).text()).isEmpty();
    }

    @Test
    void aStopStringEndsTheAnswerBeforeItAndIsNeverSent() {
        AnswerText t = text(List.of("STOP"), false);
        StringBuilder sent = new StringBuilder();
        for (long id : new long[] {1, 2, 5}) {
            sent.append(t.push(token(id)).text());
            assertThat(t.stopped()).isEqualTo(id == 5);
        }
        sent.append(t.finish().text());
        assertThat(t.text()).isEqualTo("red car ");
        assertThat(sent.toString()).isEqualTo("red car ");
    }

    @Test
    void textThatMayBeginAStopStringIsHeldBackUntilItIsNotOne() {
        AnswerText t = text(List.of("ST OP"), false); // spans two tokens
        assertThat(t.push(token(1)).text()).isEqualTo("red");
        assertThat(t.push(token(7)).text()).isEqualTo(" "); // "ST" may begin "ST OP"
        assertThat(t.push(token(8)).text()).isEmpty();
        assertThat(t.stopped()).isTrue();
        assertThat(t.text()).isEqualTo("red ");
        AnswerText other = text(List.of("ST OP"), false);
        other.push(token(7));
        assertThat(other.push(token(9)).text()).isEqualTo("ST z"); // "ST z" is no stop: all of it goes out
        AnswerText atEnd = text(List.of("ST OP"), false);
        assertThat(atEnd.push(token(7)).text()).isEmpty();
        assertThat(atEnd.finish().text()).isEqualTo("ST"); // generation ended: what was held back is sent
    }

    @Test
    void aStopStringInsideOneTokenCutsThatToken() {
        AnswerText t = text(List.of("\n"), true);
        t.push(token(1));
        AnswerText.Delta d = t.push(token(6)); // "x\ny"
        assertThat(t.stopped()).isTrue();
        assertThat(t.text()).isEqualTo("red x");
        assertThat(d.text()).isEqualTo(" x");
        assertThat(t.logprobs()).extracting(TokenLogprob::token).containsExactly("red", "x\ny");
    }

    @Test
    void logprobsLeaveWithTheTextOfTheirTokens() {
        AnswerText t = text(List.of("ST OP"), true);
        assertThat(t.push(token(1)).logprobs()).extracting(TokenLogprob::token).containsExactly("red");
        AnswerText.Delta held = t.push(token(7));
        assertThat(held.text()).isEqualTo(" ");
        assertThat(held.logprobs()).isEmpty(); // "ST" is held back, and its log-probability with it
        AnswerText.Delta end = t.finish();
        assertThat(end.text()).isEqualTo("ST");
        assertThat(end.logprobs()).extracting(TokenLogprob::token).containsExactly("ST");
        List<TokenLogprob> all = t.logprobs();
        assertThat(all).extracting(TokenLogprob::token).containsExactly("red", "ST");
        assertThat(all.getFirst().logprob()).isEqualTo(-1.0);
        assertThat(all.getFirst().top())
                .containsExactly(new TokenLogprob.Alternative("red", -1.0, List.of(114, 101, 100)));
    }
}
