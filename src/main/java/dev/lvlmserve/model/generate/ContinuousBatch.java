package dev.lvlmserve.model.generate;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import dev.lvlmserve.model.llava.LlavaModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Iteration-level (continuous) batching, as vLLM and TGI schedule: sequences join and leave between decode steps.
 * Each {@link #step} first drops the sequences whose sink asks to stop, then prefills the sequences admitted since
 * the last step in one batched forward (right-padded prompts written into their own slots), then runs one decode
 * step for every running sequence, each at its own position. A sequence that ends leaves at once: its slot is
 * refilled by moving the last running slot into it, so the running sequences always hold slots 0 .. n − 1 and
 * every forward attends over one view of the {@link SlotKvCache}. Sampling is per sequence (its own
 * {@link Sampler} and seed), so a sequence's tokens do not depend on what runs beside it.
 *
 * <p>Prefill is not chunked: a long prompt stalls the running decodes for the length of its prefill (one forward);
 * the caller bounds the prompt tokens admitted per step. Not thread-safe: one thread owns the batch and its
 * native memory.
 */
public final class ContinuousBatch implements AutoCloseable {
    private final LlavaModel model;
    private final Set<Long> eosIds;
    private final long padId;
    private final SlotKvCache cache;
    private final Sequence[] running;
    private int decoding;
    private final List<Sequence> joining = new ArrayList<>();

    /**
     * @param slots sequences that may run at once
     * @param capacity positions per slot (prompt and answer); a sequence that fills its slot ends with
     *     {@code length}
     */
    public ContinuousBatch(LlavaModel model, Set<Long> eosIds, long padId, int slots, int capacity) {
        this.model = model;
        this.eosIds = Set.copyOf(eosIds);
        this.padId = padId < 0 ? 0 : padId;
        var text = model.config().textConfig();
        this.cache = new SlotKvCache(model.languageModel().layers().size(), slots, capacity, text.numKeyValueHeads(),
                text.headDim(), model.dtype(), model.manager().getDevice(), model.manager());
        this.running = new Sequence[slots];
    }

    /** Slots free for {@link #admit}. */
    public int free() {
        return running.length - decoding - joining.size();
    }

    /** Sequences admitted and not yet finished. */
    public int size() {
        return decoding + joining.size();
    }

    public boolean isEmpty() {
        return size() == 0;
    }

    public int capacity() {
        return cache.capacity();
    }

    /**
     * Adds a sequence; its prefill runs at the next step.
     *
     * @throws IllegalStateException when no slot is free
     * @throws IllegalArgumentException when its prompt does not fit a slot
     */
    public void admit(SequenceRequest request, SequenceSink sink) {
        if (free() == 0) {
            throw new IllegalStateException("no free slot");
        }
        if (request.promptIds().length >= cache.capacity()) {
            throw new IllegalArgumentException("a prompt of " + request.promptIds().length + " tokens does not fit "
                    + "a slot of " + cache.capacity() + " positions");
        }
        joining.add(new Sequence(request, sink));
    }

    /** One iteration: withdrawals, the joiners' prefill, one decode step. A failure ends every sequence with it. */
    public void step() {
        try {
            withdraw();
            if (!joining.isEmpty()) {
                prefill();
            }
            if (decoding > 0) {
                decode();
            }
        } catch (RuntimeException e) {
            failAll(e);
            throw e;
        }
    }

    private void withdraw() {
        joining.removeIf(s -> {
            if (s.sink.stopRequested()) {
                s.finish = "cancelled";
                s.sink.onFinish(s.result(System.nanoTime()), null);
                return true;
            }
            return false;
        });
        for (int i = 0; i < decoding; i++) {
            if (running[i].sink.stopRequested()) {
                running[i].finish = "cancelled";
            }
        }
        evictFinished();
    }

    /** The joiners' prompts in one forward: right-padded, slots [decoding, decoding + J), positions 0 .. T − 1. */
    private void prefill() {
        List<Sequence> batch = List.copyOf(joining);
        joining.clear();
        int first = decoding;
        int t = batch.stream().mapToInt(Sequence::promptLength).max().orElseThrow();
        long[][] ids = new long[batch.size()][t];
        long[][] positions = new long[batch.size()][t];
        long[] last = new long[batch.size()];
        for (int b = 0; b < batch.size(); b++) {
            long[] p = batch.get(b).request.promptIds();
            Arrays.fill(ids[b], padId);
            System.arraycopy(p, 0, ids[b], 0, p.length);
            for (int j = 0; j < t; j++) {
                positions[b][j] = j;
            }
            last[b] = p.length - 1;
            Sequence s = batch.get(b);
            s.slot = first + b;
            running[s.slot] = s;
        }
        decoding += batch.size();
        long start = System.nanoTime();
        float[] logits;
        try (NDManager m = model.manager().newSubManager(); NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDArray feats = BatchInputs.imageFeatures(model, batch.stream().map(s -> s.request.imageFeatures())
                    .toList(), m);
            NDArray embeds = model.inputsEmbeds(ids, feats, m); // (J, T, D)
            cache.prefill(first, batch.size(), t);
            NDArray mask = StepMasks.prefill(batch.size(), t, m);
            NDArray hidden = model.languageModel().forward(embeds, positions, mask, cache, ForwardObserver.NONE);
            logits = BatchInputs.logitsAt(model, hidden, last);
        }
        long now = System.nanoTime();
        int v = logits.length / batch.size();
        for (int b = 0; b < batch.size(); b++) {
            Sequence s = batch.get(b);
            s.prefillNanos = now - start;
            s.decodeStart = now;
            s.length = s.promptLength();
            s.accept(s.sampler.next(Arrays.copyOfRange(logits, b * v, (b + 1) * v)), eosIds, cache.capacity());
        }
        evictFinished();
    }

    /** Every running sequence feeds its last token at its own position; one token each comes back. */
    private void decode() {
        int rows = decoding;
        long[][] ids = new long[rows][1];
        long[][] positions = new long[rows][1];
        long[] at = new long[rows];
        for (int b = 0; b < rows; b++) {
            ids[b][0] = running[b].pending;
            positions[b][0] = running[b].length;
            at[b] = running[b].length;
        }
        float[] logits;
        try (NDManager m = model.manager().newSubManager(); NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDArray embeds = model.inputsEmbeds(ids, null, m); // (B, 1, D)
            cache.decode(at, m);
            NDArray mask = StepMasks.decode(at, cache.length(), m);
            NDArray hidden = model.languageModel().forward(embeds, positions, mask, cache, ForwardObserver.NONE);
            logits = BatchInputs.lastLogits(model, hidden);
        }
        int v = logits.length / rows;
        for (int b = 0; b < rows; b++) {
            Sequence s = running[b];
            s.length++;
            s.accept(s.sampler.next(Arrays.copyOfRange(logits, b * v, (b + 1) * v)), eosIds, cache.capacity());
        }
        evictFinished();
    }

    /** Reports and removes finished sequences, moving the last running slot into each hole. */
    private void evictFinished() {
        long now = System.nanoTime();
        for (int i = decoding - 1; i >= 0; i--) {
            Sequence s = running[i];
            if (s.finish == null) {
                continue;
            }
            int lastSlot = decoding - 1;
            if (i != lastSlot) {
                Sequence moved = running[lastSlot];
                cache.move(lastSlot, i, moved.length);
                moved.slot = i;
                running[i] = moved;
            }
            running[lastSlot] = null;
            decoding--;
            s.sink.onFinish(s.result(now), null);
        }
    }

    private void failAll(RuntimeException e) {
        long now = System.nanoTime();
        for (int i = 0; i < decoding; i++) {
            running[i].sink.onFinish(running[i].result(now), e);
            running[i] = null;
        }
        decoding = 0;
        for (Sequence s : joining) {
            s.sink.onFinish(s.result(now), e);
        }
        joining.clear();
    }

    /** For tests: the cache, and where a running sequence is. */
    SlotKvCache cache() {
        return cache;
    }

    int slotOf(SequenceSink sink) {
        return find(sink).slot;
    }

    int lengthOf(SequenceSink sink) {
        return find(sink).length;
    }

    private Sequence find(SequenceSink sink) {
        for (int i = 0; i < decoding; i++) {
            if (running[i].sink == sink) {
                return running[i];
            }
        }
        throw new IllegalArgumentException("not running");
    }

    @Override
    public void close() {
        cache.close();
    }
}
