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
 * Static batched generation with a KV cache, as transformers' {@code generate}: prompts left-padded to one length with an
 * attention mask, one prefill over the whole batch, then one decode step per token for every row until each row has
 * produced an end-of-sequence token or its own {@code max_new_tokens}, or its listener has cancelled it. Finished
 * rows keep stepping with padding so the batch stays rectangular. Every step runs in an {@link NDScope}, so memory
 * does not grow with the length.
 */
public final class Generator {
    private final LlavaModel model;
    private final Set<Long> eosIds;
    private final long padId;

    public Generator(LlavaModel model, Set<Long> eosIds, long padId) {
        this.model = model;
        this.eosIds = Set.copyOf(eosIds);
        this.padId = padId < 0 ? 0 : padId;
    }

    public List<SequenceResult> generate(List<SequenceRequest> batch, TokenListener listener) {
        int b = batch.size();
        int len = batch.stream().mapToInt(r -> r.promptIds().length).max().orElseThrow();
        long[][] ids = new long[b][len];
        long[][] attention = new long[b][len];
        for (int i = 0; i < b; i++) {
            long[] p = batch.get(i).promptIds();
            int offset = len - p.length; // left padding
            Arrays.fill(ids[i], 0, offset, padId);
            System.arraycopy(p, 0, ids[i], offset, p.length);
            Arrays.fill(attention[i], offset, len, 1L);
        }
        Sampler[] samplers = batch.stream().map(r -> new Sampler(r.options())).toArray(Sampler[]::new);
        List<List<Long>> out = new ArrayList<>();
        String[] finish = new String[b];
        for (int i = 0; i < b; i++) {
            out.add(new ArrayList<>());
        }
        int maxSteps = batch.stream().mapToInt(r -> r.options().maxNewTokens()).max().orElseThrow();
        long start = System.nanoTime();
        long prefill = 0;
        try (NDManager m = model.manager().newSubManager();
                KvCache cache = new ConcatKvCache(model.languageModel().layers().size(), m)) {
            float[] logits;
            try (NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                NDArray embeds = model.inputsEmbeds(ids, imageFeatures(batch, m), m); // (B, T, D)
                logits = lastLogits(model.languageModel().forward(embeds, attention, cache, ForwardObserver.NONE));
            }
            prefill = System.nanoTime() - start;
            for (int step = 0; ; step++) {
                long[] next = new long[b];
                boolean allDone = true;
                for (int i = 0; i < b; i++) {
                    if (finish[i] == null && listener.cancelled(i)) {
                        finish[i] = "cancelled";
                    }
                    if (finish[i] != null) {
                        next[i] = padId;
                        continue;
                    }
                    int v = logits.length / b;
                    SampledToken sampled = samplers[i].next(Arrays.copyOfRange(logits, i * v, (i + 1) * v));
                    long token = sampled.id();
                    next[i] = token;
                    if (eosIds.contains(token)) {
                        finish[i] = "stop";
                    } else {
                        out.get(i).add(token);
                        listener.onToken(i, sampled);
                        if (out.get(i).size() >= batch.get(i).options().maxNewTokens()) {
                            finish[i] = "length";
                        }
                    }
                    allDone &= finish[i] != null;
                }
                if (allDone || step + 1 >= maxSteps) {
                    break;
                }
                attention = appendOnes(attention);
                long[][] stepIds = new long[b][];
                for (int i = 0; i < b; i++) {
                    stepIds[i] = new long[] {next[i]};
                }
                try (NDScope scope = new NDScope()) {
                    scope.suppressNotUsedWarning();
                    NDArray embeds = model.inputsEmbeds(stepIds, null, m); // (B, 1, D)
                    logits = lastLogits(model.languageModel().forward(embeds, attention, cache,
                            ForwardObserver.NONE));
                }
            }
        }
        long decode = System.nanoTime() - start - prefill;
        List<SequenceResult> results = new ArrayList<>();
        for (int i = 0; i < b; i++) {
            long[] tokens = out.get(i).stream().mapToLong(Long::longValue).toArray();
            results.add(new SequenceResult(tokens, finish[i] == null ? "length" : finish[i],
                    batch.get(i).promptIds().length, prefill, decode));
        }
        return results;
    }

    private float[] lastLogits(NDArray hidden) { // (B, T, D) -> B·V floats
        return BatchInputs.lastLogits(model, hidden);
    }

    private NDArray imageFeatures(List<SequenceRequest> batch, NDManager m) {
        return BatchInputs.imageFeatures(model, batch.stream().map(SequenceRequest::imageFeatures).toList(), m);
    }

    private static long[][] appendOnes(long[][] attention) {
        long[][] next = new long[attention.length][];
        for (int i = 0; i < attention.length; i++) {
            next[i] = Arrays.copyOf(attention[i], attention[i].length + 1);
            next[i][attention[i].length] = 1;
        }
        return next;
    }
}
