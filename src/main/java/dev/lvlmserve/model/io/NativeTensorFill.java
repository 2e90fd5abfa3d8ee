package dev.lvlmserve.model.io;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.lang.foreign.Arena;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Fills a freshly allocated FLOAT32 or FLOAT16 NDArray on the CPU from a tensor's mapped bytes, one mapping window
 * at a time, converting on the way where the file's dtype differs.
 *
 * <p>Each chunk reaches libtorch as a zero-copy {@code from_blob} view of a direct buffer (that is what DJL's
 * {@code NDManager.create(ByteBuffer, ...)} does) and is immediately copied into its slice of the destination; the
 * view is closed before its buffer can go away. The view of the read-only mapping is only ever read: an in-place op
 * on it would fault, which is why the destination is always a separate, writable tensor.
 *
 * <p>Memory: every window is mapped in its own confined arena and unmapped as soon as it is copied, so the file's
 * pages leave this process's resident set while loading instead of whenever the garbage collector gets to the
 * mappings (which had a 4 GB checkpoint resident twice over). Conversion stages at most {@link #STAGING_BYTES}
 * at a time, always in the destination's dtype: loading into float16 never holds float32 data on the host, not even
 * one tensor's worth. F32 → F16 is cast by libtorch chunk by chunk (a temporary of the destination dtype);
 * BF16 → F16 goes through Java, since DJL cannot hold a BF16 tensor.
 */
final class NativeTensorFill {
    /** Conversion stages at most 16 MiB at a time, off-heap. */
    static final int STAGING_BYTES = 16 << 20;

    private final SafetensorsFile file;
    private final TensorInfo info;

    NativeTensorFill(SafetensorsFile file, TensorInfo info) {
        this.file = file;
        this.info = info;
    }

    /** {@code out} must be a contiguous CPU FLOAT32 or FLOAT16 array with {@code info.numel()} elements. */
    void into(NDArray out) {
        NDManager manager = out.getManager();
        DataType target = out.getDataType();
        SafeDType source = info.dtype();
        boolean littleEndian = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;
        // A reshape of a contiguous tensor is a view: writing into flat slices writes into out.
        try (NDArray flat = out.reshape(info.numel())) {
            if (littleEndian && sameLayout(source, target)) {
                copyVerbatim(flat, manager, target);
            } else if (littleEndian && source == SafeDType.F32 && target == DataType.FLOAT16) {
                castEachChunk(flat, manager);
            } else {
                convertInJava(flat, manager, target);
            }
        }
    }

    private static boolean sameLayout(SafeDType source, DataType target) {
        return (source == SafeDType.F32 && target == DataType.FLOAT32)
                || (source == SafeDType.F16 && target == DataType.FLOAT16);
    }

    /** The file bytes are already libtorch's layout (F32 → float32, F16 → float16 on a little-endian machine). */
    private void copyVerbatim(NDArray flat, NDManager manager, DataType type) {
        int size = info.dtype().byteSize();
        long element = 0;
        for (MapWindows.Window w : MapWindows.split(info.begin(), info.end(), file.windowBytes())) {
            try (Arena arena = Arena.ofConfined()) {
                int count = w.length() / size;
                copyChunk(flat, manager, file.map(w.offset(), w.length(), arena), type, element, count);
                element += count;
            }
        }
    }

    /** F32 → float16: libtorch casts each bounded chunk view of the mapping; no float32 copy is ever made. */
    private void castEachChunk(NDArray flat, NDManager manager) {
        int chunk = STAGING_BYTES / 2; // elements: the float16 temporary is the staging
        long element = 0;
        for (MapWindows.Window w : MapWindows.split(info.begin(), info.end(), file.windowBytes())) {
            try (Arena arena = Arena.ofConfined()) {
                ByteBuffer mapped = file.map(w.offset(), w.length(), arena);
                for (int at = 0, left = w.length() / 4; left > 0; ) {
                    int count = Math.min(chunk, left);
                    ByteBuffer slice = mapped.slice(at * 4, count * 4).order(ByteOrder.nativeOrder());
                    try (NDArray view = manager.create(slice, new Shape(count), DataType.FLOAT32);
                            NDArray half = view.toType(DataType.FLOAT16, false)) {
                        flat.set(new NDIndex().addSliceDim(element, element + count), half);
                    }
                    element += count;
                    at += count;
                    left -= count;
                }
            }
        }
    }

    /** Widening to float32, narrowing to float16, BF16 → float16, or any dtype on a big-endian machine. */
    private void convertInJava(NDArray flat, NDManager manager, DataType target) {
        SafeDType source = info.dtype();
        int outSize = target == DataType.FLOAT16 ? 2 : 4;
        int chunk = (int) Math.min(STAGING_BYTES / outSize, Math.min(info.numel(), file.windowBytes() / 4));
        // A confined arena frees the staging memory deterministically instead of waiting for the GC.
        try (Arena staging = Arena.ofConfined()) {
            ByteBuffer out = staging.allocate((long) chunk * outSize, 64).asByteBuffer().order(ByteOrder.nativeOrder());
            long element = 0;
            for (MapWindows.Window w : MapWindows.split(info.begin(), info.end(), file.windowBytes())) {
                try (Arena arena = Arena.ofConfined()) {
                    ByteBuffer src = file.map(w.offset(), w.length(), arena).order(ByteOrder.LITTLE_ENDIAN);
                    for (int left = w.length() / source.byteSize(); left > 0; ) {
                        int count = Math.min(chunk, left);
                        ElementCodec.convert(src, source, out.clear(), target == DataType.FLOAT16, count);
                        copyChunk(flat, manager, out.slice(0, count * outSize).order(ByteOrder.nativeOrder()),
                                target, element, count);
                        element += count;
                        left -= count;
                    }
                }
            }
        }
    }

    /** Copies {@code count} native-order elements at position 0 of {@code direct} into {@code flat[at, at+count)}. */
    private static void copyChunk(NDArray flat, NDManager manager, ByteBuffer direct, DataType type, long at,
            int count) {
        try (NDArray view = manager.create(direct, new Shape(count), type)) {
            flat.set(new NDIndex().addSliceDim(at, at + count), view);
        }
    }
}
