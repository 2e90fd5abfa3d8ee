package dev.lvlmserve.model.generate;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;

/**
 * Keys and values of every decoder layer for one batch of sequences, (B, kvH, S, hd) each. The cache owns its
 * tensors through its own manager: they survive the per-step {@link NDScope} and die with {@link #close()}.
 */
public final class KvCache implements AutoCloseable {
    private final NDManager manager;
    private final NDArray[] keys;
    private final NDArray[] values;
    private int length;

    public KvCache(int layers, NDManager parent) {
        this.manager = parent.newSubManager();
        this.keys = new NDArray[layers];
        this.values = new NDArray[layers];
    }

    /** Past length in positions (the same for every layer between forwards). */
    public int length() {
        return length;
    }

    /**
     * Appends this step's keys and values for layer slot {@code slot} and returns the full ones. The returned
     * arrays belong to the cache.
     */
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

    /** Called by the model once all layers have appended a step of {@code positions}. */
    public void advance(int positions) {
        length += positions;
    }

    @Override
    public void close() {
        manager.close();
    }
}
