package dev.lvlmserve.model.generate;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Arrays;

/** One sequence in a {@link ContinuousBatch}: its slot, how far it has got, its own sampler and where it reports. */
final class Sequence {
    final SequenceRequest request;
    final SequenceSink sink;
    final Sampler sampler;
    int slot = -1;
    /** Positions written to its slot. */
    int length;
    /** The token chosen last and not yet fed back (−1 before the first). */
    long pending = -1;
    long[] tokens = new long[16];
    int generated;
    long prefillNanos;
    long decodeStart;
    String finish;
    /** While its prompt is prefilled in chunks: the prompt's embeddings (1, P, D), owned by {@link #embedsOwner}. */
    NDArray embeds;
    NDManager embedsOwner;

    Sequence(SequenceRequest request, SequenceSink sink) {
        this.request = request;
        this.sink = sink;
        this.sampler = new Sampler(request.options());
    }

    int promptLength() {
        return request.promptIds().length;
    }

    /**
     * Takes the chosen token: end of sequence, the token budget, or a full slot ends the sequence ({@link #finish}
     * set); any other token is kept and reported.
     *
     * @param capacity positions a slot has: the token must still fit to be fed back
     */
    void accept(SampledToken token, java.util.Set<Long> eos, int capacity) {
        if (eos.contains(token.id())) {
            finish = "stop";
            return;
        }
        if (generated == tokens.length) {
            tokens = Arrays.copyOf(tokens, generated * 2);
        }
        tokens[generated++] = token.id();
        pending = token.id();
        sink.onToken(token);
        if (generated >= request.options().maxNewTokens() || length + 1 > capacity) {
            finish = "length";
        }
    }

    /** Frees the prompt's embeddings once they are no longer needed (prefill done, or the sequence gone). */
    void dropEmbeds() {
        if (embedsOwner != null) {
            embedsOwner.close();
            embedsOwner = null;
            embeds = null;
        }
    }

    SequenceResult result(long now) {
        long decode = decodeStart == 0 ? 0 : now - decodeStart;
        return new SequenceResult(Arrays.copyOf(tokens, generated), finish == null ? "length" : finish,
                promptLength(), prefillNanos, decode);
    }
}
