package dev.lvlmserve.model.generate;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import dev.lvlmserve.model.llava.LlavaModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Iteration-level (continuous) batching, as vLLM and TGI schedule: sequences join and leave between decode steps.
 * Each {@link #step} drops the sequences whose sink asks to stop, gives the waiting ones a slot, prefills one
 * chunk of prompt tokens (at most {@code chunkTokens} in all, in slot order, so a long prompt is spread over
 * several steps instead of holding the running decodes for its whole prefill), then runs one decode step for
 * every sequence whose prompt is in, each at its own position. Slots are kept packed: decoding sequences hold
 * 0 .. d − 1, prefilling ones d .. d + p − 1, and a sequence that ends has its slot refilled by moving the last
 * one of its region in, so every forward attends over one view of the {@link SlotKvCache}. Sampling is per
 * sequence (its own {@link Sampler} and seed), so a sequence's tokens do not depend on what runs beside it.
 *
 * <p>Not thread-safe: one thread owns the batch and its native memory (the cache, and the embeddings of prompts
 * being prefilled), all freed by {@link #close}.
 */
public final class ContinuousBatch implements AutoCloseable {
    private final LlavaModel model;
    private final Set<Long> eosIds;
    private final SlotKvCache cache;
    private final int chunkTokens;
    private final int window; // the config's sliding window, 0 for none: every step's mask applies it
    private final Sequence[] slots;
    private int decoding;
    private int prefilling;
    private final List<Sequence> joining = new ArrayList<>();

    /**
     * @param slotCount sequences that may run at once
     * @param capacity positions per slot (prompt and answer); a sequence that fills its slot ends with
     *     {@code length}
     * @param chunkTokens prompt tokens prefilled per step, over all prefilling sequences
     */
    public ContinuousBatch(LlavaModel model, Set<Long> eosIds, int slotCount, int capacity, int chunkTokens) {
        if (chunkTokens < 1) {
            throw new IllegalArgumentException("chunkTokens must be positive");
        }
        this.model = model;
        this.eosIds = Set.copyOf(eosIds);
        this.chunkTokens = chunkTokens;
        this.window = model.config().textConfig().slidingWindow();
        this.cache = new SlotKvCache(SlotKvCache.kvHeads(model), slotCount, capacity,
                model.config().textConfig().headDim(), model.dtype(), model.manager().getDevice(), model.manager());
        this.slots = new Sequence[slotCount];
    }

    /** Slots free for {@link #admit}. */
    public int free() {
        return slots.length - decoding - prefilling - joining.size();
    }

    /** Sequences admitted and not yet finished. */
    public int size() {
        return decoding + prefilling + joining.size();
    }

    public boolean isEmpty() {
        return size() == 0;
    }

    public int capacity() {
        return cache.capacity();
    }

    /**
     * Adds a sequence; it gets a slot and its first prompt chunk at the next step.
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

    /** One iteration: withdrawals, a prompt chunk, one decode step. A failure ends every sequence with it. */
    public void step() {
        try {
            withdraw();
            for (Sequence s : joining) {
                s.slot = decoding + prefilling++;
                slots[s.slot] = s;
            }
            joining.clear();
            if (prefilling > 0) {
                prefillChunk();
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
        for (int i = 0; i < decoding + prefilling; i++) {
            if (slots[i].sink.stopRequested()) {
                slots[i].finish = "cancelled";
            }
        }
        evictFinished();
    }

    /**
     * The next prompt tokens of the prefilling slots, in slot order, up to the chunk budget: the first rows of
     * the region get their runs; those whose prompt is now complete choose their first token and join the
     * decoding region (they are its next slots, so nothing moves).
     */
    private void prefillChunk() {
        int first = decoding;
        List<Sequence> rows = new ArrayList<>();
        List<Integer> runs = new ArrayList<>();
        int budget = chunkTokens;
        for (int i = first; i < first + prefilling && budget > 0; i++) {
            Sequence s = slots[i];
            int n = Math.min(s.promptLength() - s.length, budget);
            rows.add(s);
            runs.add(n);
            budget -= n;
        }
        int[] starts = rows.stream().mapToInt(s -> s.length).toArray();
        int[] counts = runs.stream().mapToInt(Integer::intValue).toArray();
        int t = Arrays.stream(counts).max().orElseThrow();
        long start = System.nanoTime();
        List<Integer> completing = new ArrayList<>();
        float[] logits = null;
        try (NDManager m = model.manager().newSubManager(); NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDArray embeds = chunkEmbeds(rows, starts, counts, t, m); // (R, T, D)
            long[][] positions = new long[rows.size()][t];
            for (int b = 0; b < rows.size(); b++) {
                for (int q = 0; q < t; q++) {
                    positions[b][q] = starts[b] + q;
                }
                if (starts[b] + counts[b] == rows.get(b).promptLength()) {
                    completing.add(b);
                }
            }
            cache.chunk(first, starts, counts);
            NDArray mask = StepMasks.chunk(starts, t, cache.length(), window, model.dtype(), m);
            NDArray hidden = model.languageModel().forward(embeds, positions, mask, cache, ForwardObserver.NONE);
            if (!completing.isEmpty()) { // (completing rows are the first ones: earlier rows took their whole run)
                long[] at = completing.stream().mapToLong(b -> counts[b] - 1).toArray();
                logits = BatchInputs.logitsAt(model, hidden.get(new NDIndex("0:{}", completing.size())), at);
            }
        }
        long now = System.nanoTime();
        for (int b = 0; b < rows.size(); b++) {
            Sequence s = rows.get(b);
            s.length += counts[b];
            s.prefillNanos += now - start;
        }
        int v = logits == null ? 0 : logits.length / completing.size();
        for (int c = 0; c < completing.size(); c++) {
            Sequence s = rows.get(completing.get(c));
            s.dropEmbeds();
            s.decodeStart = now;
            decoding++;
            prefilling--;
            s.accept(s.sampler.next(Arrays.copyOfRange(logits, c * v, (c + 1) * v)), eosIds, cache.capacity());
        }
        evictFinished();
    }

    /** Each row's run of prompt embeddings, padded to {@code t}: the prompt is embedded once, on its first chunk. */
    private NDArray chunkEmbeds(List<Sequence> rows, int[] starts, int[] counts, int t, NDManager m) {
        NDList parts = new NDList();
        long d = model.config().textConfig().hiddenSize();
        for (int b = 0; b < rows.size(); b++) {
            Sequence s = rows.get(b);
            if (s.embeds == null) {
                embedPrompt(s);
            }
            NDArray run = s.embeds.get(new NDIndex("0, {}:{}, :", starts[b], starts[b] + counts[b])); // (n, D)
            if (counts[b] < t) {
                run = run.concat(m.zeros(new Shape(t - counts[b], d), run.getDataType(), run.getDevice()), 0);
            }
            parts.add(run);
        }
        return NDArrays.stack(parts); // (R, T, D)
    }

    private void embedPrompt(Sequence s) {
        s.embedsOwner = model.manager().newSubManager();
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            List<float[]> feats = new ArrayList<>();
            feats.add(s.request.imageFeatures());
            NDArray e = model.inputsEmbeds(new long[][] {s.request.promptIds()},
                    BatchInputs.imageFeatures(model, feats, s.embedsOwner), s.embedsOwner); // (1, P, D)
            NDScope.unregister(e);
            e.attach(s.embedsOwner);
            s.embeds = e;
        }
    }

    /** Every decoding sequence feeds its last token at its own position; one token each comes back. */
    private void decode() {
        int rows = decoding;
        long[][] ids = new long[rows][1];
        long[][] positions = new long[rows][1];
        long[] at = new long[rows];
        for (int b = 0; b < rows; b++) {
            ids[b][0] = slots[b].pending;
            positions[b][0] = slots[b].length;
            at[b] = slots[b].length;
        }
        float[] logits;
        try (NDManager m = model.manager().newSubManager(); NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDArray embeds = model.inputsEmbeds(ids, null, m); // (B, 1, D)
            cache.decode(at, m);
            NDArray mask = StepMasks.decode(at, cache.length(), window, model.dtype(), m);
            NDArray hidden = model.languageModel().forward(embeds, positions, mask, cache, ForwardObserver.NONE);
            logits = BatchInputs.lastLogits(model, hidden);
        }
        int v = logits.length / rows;
        for (int b = 0; b < rows; b++) {
            Sequence s = slots[b];
            s.length++;
            s.accept(s.sampler.next(Arrays.copyOfRange(logits, b * v, (b + 1) * v)), eosIds, cache.capacity());
        }
        evictFinished();
    }

    /** Reports and removes the finished sequences, keeping both regions packed. */
    private void evictFinished() {
        long now = System.nanoTime();
        for (int i = decoding + prefilling - 1; i >= 0; i--) {
            Sequence s = slots[i];
            if (s != null && s.finish != null) {
                remove(s);
                s.sink.onFinish(s.result(now), null);
            }
        }
    }

    /** Frees a sequence's slot: the last slot of its region moves in, and the prefilling region follows. */
    private void remove(Sequence s) {
        int i = s.slot;
        s.dropEmbeds();
        if (i < decoding) {
            move(decoding - 1, i);
            decoding--;
            if (prefilling > 0) {
                move(decoding + prefilling, decoding);
            }
        } else {
            move(decoding + prefilling - 1, i);
            prefilling--;
        }
    }

    private void move(int from, int to) {
        if (from != to) {
            Sequence moved = slots[from];
            cache.move(from, to, moved.length);
            moved.slot = to;
            slots[to] = moved;
        }
        slots[from] = null;
    }

    private void failAll(RuntimeException e) {
        long now = System.nanoTime();
        for (int i = 0; i < decoding + prefilling; i++) {
            slots[i].dropEmbeds();
            slots[i].sink.onFinish(slots[i].result(now), e);
            slots[i] = null;
        }
        decoding = 0;
        prefilling = 0;
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
        for (int i = 0; i < decoding + prefilling; i++) {
            if (slots[i].sink == sink) {
                return slots[i];
            }
        }
        throw new IllegalArgumentException("not running");
    }

    @Override
    public void close() {
        for (int i = 0; i < decoding + prefilling; i++) {
            slots[i].dropEmbeds();
        }
        cache.close();
    }
}
