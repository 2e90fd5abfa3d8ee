package dev.lvlmserve.model.generate;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;

/**
 * Keys and values of every decoder layer for one batch of sequences, (B, kvH, S, hd) each, grown by concatenation
 * at every step: what transformers' {@code DynamicCache} does, and the reference {@link SlotKvCache}'s in-place
 * writes are tested against (the static {@link Generator} uses it). The cache owns its tensors through its own
 * manager: they survive the per-step {@link NDScope} and die with {@link #close()}.
 */
public final class ConcatKvCache implements KvCache {
    private final NDManager manager;
    private final NDArray[] keys;
    private final NDArray[] values;
    private int length;

    public ConcatKvCache(int layers, NDManager parent) {
        this.manager = parent.newSubManager();
        this.keys = new NDArray[layers];
        this.values = new NDArray[layers];
    }

    @Override
    public int length() {
        return length;
    }

    @Override
    public NDArray[] append(int slot, NDArray k, NDArray v) {
        NDArray fullK = keys[slot] == null ? k : keys[slot].concat(k, 2);
        NDArray fullV = values[slot] == null ? v : values[slot].concat(v, 2);
        adopt(fullK);
        adopt(fullV);
        if (keys[slot] != null && keys[slot] != fullK) {
            keys[slot].close();
            values[slot].close();
        }
        keys[slot] = fullK;
        values[slot] = fullV;
        return new NDArray[] {fullK, fullV};
    }

    private void adopt(NDArray a) {
        NDScope.unregister(a);
        a.attach(manager);
    }

    @Override
    public void advance(int positions) {
        length += positions;
    }

    /** The keys (B, kvH, S, hd) of layer slot {@code layer} so far (tests compare caches). */
    NDArray keys(int layer) {
        return keys[layer];
    }

    NDArray values(int layer) {
        return values[layer];
    }

    @Override
    public void close() {
        manager.close();
    }
}
