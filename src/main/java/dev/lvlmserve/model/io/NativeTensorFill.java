package dev.lvlmserve.model.io;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.lang.foreign.Arena;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;

/**
 * Fills a freshly allocated FLOAT32 NDArray from a tensor's mapped bytes, one mapping window at a time.
 *
 * <p>Each chunk reaches libtorch as a zero-copy {@code from_blob} view of a direct buffer (that is what DJL's
 * {@code NDManager.create(ByteBuffer, ...)} does) and is immediately copied into its slice of the destination; the
 * view is closed before the buffer can go away. The view of the read-only mapping is only ever read: an in-place op
 * on it would fault, which is why the destination is always a separate, writable tensor.
 */
final class NativeTensorFill {
    /** Widening stages at most this many floats (16 MiB) at a time, off-heap. */
    private static final int STAGING_FLOATS = 4 << 20;

    private final SafetensorsFile file;
    private final TensorInfo info;

    NativeTensorFill(SafetensorsFile file, TensorInfo info) {
        this.file = file;
        this.info = info;
    }

    /** {@code out} must be a contiguous FLOAT32 array with {@code info.numel()} elements. */
    void into(NDArray out) {
        NDManager manager = out.getManager();
        // A reshape of a contiguous tensor is a view: writing into flat slices writes into out.
        try (NDArray flat = out.reshape(info.numel())) {
            boolean verbatim = info.dtype() == SafeDType.F32 && ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;
            if (verbatim) {
                copyVerbatim(flat, manager);
            } else {
                copyWidened(flat, manager);
            }
        }
    }

    /** F32 on a little-endian machine: the file bytes are already libtorch's layout. */
    private void copyVerbatim(NDArray flat, NDManager manager) {
        long element = 0;
        for (MapWindows.Window w : MapWindows.split(info.begin(), info.end(), file.windowBytes())) {
            int count = w.length() / 4;
            copyChunk(flat, manager, file.map(w.offset(), w.length()), element, count);
            element += count;
        }
    }

    /** F16 / BF16 (or F32 on a big-endian machine): widen through a bounded off-heap staging buffer. */
    private void copyWidened(NDArray flat, NDManager manager) {
        int size = info.dtype().byteSize();
        int chunk = (int) Math.min(STAGING_FLOATS, Math.min(info.numel(), file.windowBytes() / size));
        // A confined arena frees the staging memory deterministically instead of waiting for the GC.
        try (Arena arena = Arena.ofConfined()) {
            ByteBuffer staging = arena.allocate(chunk * 4L, 64).asByteBuffer().order(ByteOrder.nativeOrder());
            long element = 0;
            for (MapWindows.Window w : MapWindows.split(info.begin(), info.end(), file.windowBytes())) {
                ByteBuffer src = file.map(w.offset(), w.length()).order(ByteOrder.LITTLE_ENDIAN);
                for (int left = w.length() / size; left > 0; ) {
                    int count = Math.min(chunk, left);
                    FloatBuffer dst = staging.clear().asFloatBuffer();
                    ElementCodec.widen(src, info.dtype(), dst, count);
                    copyChunk(flat, manager, staging.slice(0, count * 4).order(ByteOrder.nativeOrder()), element,
                            count);
                    element += count;
                    left -= count;
                }
            }
        }
    }

    /** Copies {@code count} native-order floats at position 0 of {@code direct} into {@code flat[at, at+count)}. */
    private static void copyChunk(NDArray flat, NDManager manager, ByteBuffer direct, long at, int count) {
        try (NDArray view = manager.create(direct, new Shape(count), DataType.FLOAT32)) {
            flat.set(new NDIndex().addSliceDim(at, at + count), view);
        }
    }
}
