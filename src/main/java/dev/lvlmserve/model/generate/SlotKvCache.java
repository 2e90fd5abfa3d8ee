package dev.lvlmserve.model.generate;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * The serving engine's KV cache: for every decoder layer one preallocated (slots, kvH, capacity, hd) tensor of
 * keys and one of values, written in place — a step's keys go straight to their positions, nothing is copied
 * as sequences grow (the concatenating cache copies the whole past at every step). Each running sequence owns a
 * slot and its positions 0 .. length − 1 there. A forward covers a contiguous run of slots and attends over a
 * view of them ({@code [first, first + rows) × [0, keyLength)}); which positions it writes is set before it:
 * {@link #chunk} (a run of prompt positions per row) or {@link #decode} (one position per row, each its own). Positions past a row's length may hold anything: the mask never shows them, and they are written before
 * they become visible. The tensors belong to this cache's manager and are freed by {@link #close}.
 */
public final class SlotKvCache implements KvCache {
    private final NDManager manager;
    private final NDArray[] keys;
    private final NDArray[] values;
    private final int slots;
    private final int capacity;
    private int first;
    private int rows;
    private int newPositions;
    private int keyLength;
    private int[] starts; // chunk: each row's first new position
    private int[] counts; // chunk: each row's new positions (the rest of the forward's T is padding)
    private NDArray rowIndex; // decode: rows [first, first + rows) as an index
    private NDArray positionIndex; // decode: each row's position

    /** @param kvHeads key/value heads of each layer slot (a widthwise-pruned variant's layers may differ) */
    public SlotKvCache(int[] kvHeads, int slots, int capacity, int headDim, DataType dtype, Device device,
            NDManager parent) {
        this.manager = parent.newSubManager(device);
        this.keys = new NDArray[kvHeads.length];
        this.values = new NDArray[kvHeads.length];
        this.slots = slots;
        this.capacity = capacity;
        for (int i = 0; i < kvHeads.length; i++) {
            Shape shape = new Shape(slots, kvHeads[i], capacity, headDim);
            keys[i] = manager.zeros(shape, dtype);
            values[i] = manager.zeros(shape, dtype);
        }
    }

    /** Bytes one position of one slot takes over all layers, keys and values. */
    public static long bytesPerPosition(int[] kvHeads, int headDim, DataType dtype) {
        long heads = 0;
        for (int h : kvHeads) {
            heads += h;
        }
        return 2L * heads * headDim * dtype.getNumOfBytes();
    }

    /** Key/value heads of each decoder layer the model runs, from its weights. */
    public static int[] kvHeads(dev.lvlmserve.model.llava.LlavaModel model) {
        return model.languageModel().layers().stream().mapToInt(l -> l.shape().kvHeads()).toArray();
    }

    public int slots() {
        return slots;
    }

    public int capacity() {
        return capacity;
    }

    /**
     * The next forward writes a run of positions per row of slots [first, first + starts.length): row b its
     * counts[b] new positions from starts[b] (a prompt chunk; the forward's rows are padded to the longest run),
     * and attends over positions 0 .. max(starts + counts) − 1.
     */
    public void chunk(int first, int[] starts, int[] counts) {
        int t = 0;
        int keys = 0;
        for (int b = 0; b < starts.length; b++) {
            t = Math.max(t, counts[b]);
            keys = Math.max(keys, starts[b] + counts[b]);
        }
        check(first, starts.length, keys);
        this.first = first;
        this.rows = starts.length;
        this.newPositions = t;
        this.keyLength = keys;
        this.starts = starts.clone();
        this.counts = counts.clone();
        this.rowIndex = null;
        this.positionIndex = null;
    }

    /**
     * The next forward writes one position per row of slots [0, positions.length), row b at positions[b], and
     * attends over positions 0 .. max(positions). The index arrays live in {@code step} (the forward's manager).
     */
    public void decode(long[] positions, NDManager step) {
        long max = 0;
        long[] rowIds = new long[positions.length];
        for (int b = 0; b < positions.length; b++) {
            max = Math.max(max, positions[b]);
            rowIds[b] = b;
        }
        check(0, positions.length, (int) max + 1);
        this.first = 0;
        this.rows = positions.length;
        this.newPositions = 1;
        this.keyLength = (int) max + 1;
        this.rowIndex = step.create(rowIds).toDevice(keys[0].getDevice(), false);
        this.positionIndex = step.create(positions).toDevice(keys[0].getDevice(), false);
    }

    @Override
    public NDArray[] append(int layer, NDArray k, NDArray v) { // k, v: (rows, kvH, T, hd)
        if (k.getShape().get(0) != rows || k.getShape().get(2) != newPositions) {
            throw new IllegalStateException("the step was set up for " + rows + " rows of " + newPositions
                    + " positions, got " + k.getShape());
        }
        if (positionIndex == null) {
            for (int b = 0; b < rows; b++) { // only the real positions: padding never lands in a slot
                NDIndex at = new NDIndex("{}, :, {}:{}", first + b, starts[b], starts[b] + counts[b]);
                NDIndex from = new NDIndex("{}, :, 0:{}", b, counts[b]);
                keys[layer].set(at, k.get(from));
                values[layer].set(at, v.get(from));
            }
        } else {
            NDIndex at = new NDIndex("{}, :, {}", rowIndex, positionIndex); // advanced index: (rows, kvH, hd)
            keys[layer].set(at, k.squeeze(2));
            values[layer].set(at, v.squeeze(2));
        }
        NDIndex view = new NDIndex("{}:{}, :, 0:{}", first, first + rows, keyLength);
        return new NDArray[] {keys[layer].get(view), values[layer].get(view)}; // (rows, kvH, S, hd), no copy
    }

    /** Copies the first {@code length} positions of slot {@code from} to slot {@code to} (a slot freed below). */
    public void move(int from, int to, int length) {
        if (from == to || length == 0) {
            return;
        }
        NDIndex src = new NDIndex("{}, :, 0:{}", from, length);
        NDIndex dst = new NDIndex("{}, :, 0:{}", to, length);
        for (int i = 0; i < keys.length; i++) {
            try (NDArray k = keys[i].get(src); NDArray v = values[i].get(src)) {
                keys[i].set(dst, k);
                values[i].set(dst, v);
            }
        }
    }

    /** The keys of one layer at one slot's first {@code length} positions, copied out (tests compare them). */
    public float[] keys(int layer, int slot, int length) {
        try (NDArray k = keys[layer].get(new NDIndex("{}, :, 0:{}", slot, length))) {
            return k.toType(DataType.FLOAT32, false).toFloatArray();
        }
    }

    public float[] values(int layer, int slot, int length) {
        try (NDArray v = values[layer].get(new NDIndex("{}, :, 0:{}", slot, length))) {
            return v.toType(DataType.FLOAT32, false).toFloatArray();
        }
    }

    /** The longest key run of the forward in progress. */
    @Override
    public int length() {
        return keyLength;
    }

    @Override
    public void advance(int positions) {
        rowIndex = null;
        positionIndex = null;
    }

    private void check(int first, int rows, int t) {
        if (first < 0 || rows < 1 || first + rows > slots || t < 1 || t > capacity) {
            throw new IllegalArgumentException("slots [" + first + ", " + (first + rows) + ") × " + t
                    + " positions do not fit " + slots + " slots × " + capacity);
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}
