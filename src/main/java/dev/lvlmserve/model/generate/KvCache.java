package dev.lvlmserve.model.generate;

import ai.djl.ndarray.NDArray;

/**
 * Keys and values of every decoder layer, kept between forwards. The attention of layer slot {@code layer} hands
 * over the step's keys and values and attends over what {@link #append} returns; the cache owns all of it.
 */
public interface KvCache extends AutoCloseable {
    /**
     * Stores this step's keys and values (B, kvH, T, hd) for layer slot {@code layer} and returns the keys and
     * values to attend over, (B, kvH, S, hd) each; they belong to the cache.
     */
    NDArray[] append(int layer, NDArray k, NDArray v);

    /** Positions cached before the forward in progress (rows that share one length: the concatenating cache). */
    int length();

    /** Called by the model once every layer has appended a step of {@code positions}. */
    void advance(int positions);

    @Override
    void close();
}
