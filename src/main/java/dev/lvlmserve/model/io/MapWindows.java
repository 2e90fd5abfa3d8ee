package dev.lvlmserve.model.io;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a byte range of a file into windows that can each be memory-mapped as one {@link java.nio.ByteBuffer}.
 * {@code FileChannel.map} returns int-indexed buffers (at most 2 GiB each), and DJL sizes its buffers with ints too,
 * so a tensor larger than a window is mapped and copied window by window. Window lengths are multiples of 4 bytes,
 * so no F32, F16 or BF16 element ever straddles two windows.
 */
final class MapWindows {
    /** 1 GiB: well below the 2 GiB buffer limit, and a multiple of every element size. */
    static final long DEFAULT_WINDOW_BYTES = 1L << 30;

    /**
     * One mappable piece.
     *
     * @param offset first byte, in the same coordinates as the range that was split
     * @param length bytes in this window
     */
    record Window(long offset, int length) {}

    private MapWindows() {}

    /** The window size actually used: a positive multiple of 4 no larger than the default. */
    static long normalize(long windowBytes) {
        if (windowBytes < 4) {
            throw new IllegalArgumentException("window must be at least 4 bytes: " + windowBytes);
        }
        return Math.min(windowBytes & ~3L, DEFAULT_WINDOW_BYTES);
    }

    /** Consecutive windows covering {@code [begin, end)}; empty for an empty range. */
    static List<Window> split(long begin, long end, long windowBytes) {
        long size = normalize(windowBytes);
        List<Window> out = new ArrayList<>();
        for (long at = begin; at < end; at += size) {
            out.add(new Window(at, (int) Math.min(size, end - at)));
        }
        return out;
    }
}
