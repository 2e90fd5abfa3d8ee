package dev.lvlmserve.model.io;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;

/**
 * A memory-mapped reader for one safetensors file.
 *
 * <p>Hand-written because DJL's own safetensors support ({@code NDList.decode}) reads the whole file onto the Java
 * heap with int offsets, which fails beyond 2 GiB and doubles peak memory for a 7B checkpoint. Here the header is
 * parsed and validated once on {@link #open}; tensor bytes are mapped lazily, per tensor, in windows of at most
 * 1 GiB ({@code FileChannel.map} buffers are int-indexed), and copied once into native memory by {@link #load}.
 *
 * <p>{@link #load} maps each window in a confined arena of its own and unmaps it as soon as the window is copied
 * (nothing outlives that copy). The buffers {@link #raw} hands out are ordinary {@code MappedByteBuffer}s released
 * by the garbage collector instead: their holders may keep them arbitrarily long, and unmapping eagerly would turn a
 * buffer still in use into a JVM crash. Closing therefore only closes the channel and refuses further reads. Safe
 * for concurrent reads; not for reads concurrent with {@link #close}.
 */
public final class SafetensorsFile implements AutoCloseable {
    private final Path path;
    private final FileChannel channel;
    private final long dataStart;
    private final long windowBytes;
    private final SafetensorsHeader header;
    private volatile boolean closed;

    private SafetensorsFile(Path path, FileChannel channel, long dataStart, long windowBytes, SafetensorsHeader h) {
        this.path = path;
        this.channel = channel;
        this.dataStart = dataStart;
        this.windowBytes = windowBytes;
        this.header = h;
    }

    /** Opens and validates {@code path}; every tensor's offsets are checked before this returns. */
    public static SafetensorsFile open(Path path) {
        return open(path, MapWindows.DEFAULT_WINDOW_BYTES);
    }

    /** As {@link #open(Path)} with a smaller mapping window, so tests can exercise multi-window tensors. */
    static SafetensorsFile open(Path path, long windowBytes) {
        long window = MapWindows.normalize(windowBytes);
        FileChannel channel;
        try {
            channel = FileChannel.open(path, StandardOpenOption.READ);
        } catch (IOException e) {
            throw new CheckpointException(path + ": cannot open: " + e, e);
        }
        try {
            long fileSize = size(channel, path);
            if (fileSize < 8) {
                throw new CheckpointException(path + ": " + fileSize + " bytes is too short for a safetensors file");
            }
            long headerLength = readFully(channel, 0, 8, path).getLong();
            SafetensorsHeader.checkHeaderLength(headerLength, fileSize, path);
            byte[] json = new byte[(int) headerLength];
            readFully(channel, 8, json.length, path).get(json);
            long dataStart = 8 + headerLength;
            SafetensorsHeader header = SafetensorsHeader.parse(json, fileSize - dataStart, path);
            return new SafetensorsFile(path, channel, dataStart, window, header);
        } catch (RuntimeException e) {
            closeQuietly(channel, e);
            throw e;
        }
    }

    public Path path() {
        return path;
    }

    /** Tensors in header order. */
    public Map<String, TensorInfo> tensors() {
        return header.tensors();
    }

    /** The optional {@code __metadata__} string map (empty when absent). */
    public Map<String, String> metadata() {
        return header.metadata();
    }

    public TensorInfo info(String name) {
        TensorInfo info = header.tensors().get(name);
        if (info == null) {
            throw new CheckpointException(path + ": no tensor '" + name + "'");
        }
        return info;
    }

    /**
     * The tensor's bytes as stored: a read-only, little-endian buffer over the mapping.
     *
     * @throws CheckpointException if the tensor is larger than one buffer can address (2 GiB)
     */
    public ByteBuffer raw(String name) {
        TensorInfo info = info(name);
        if (info.byteLength() > Integer.MAX_VALUE) {
            throw new CheckpointException(path + ": tensor '" + name + "' is " + info.byteLength()
                    + " bytes, more than one ByteBuffer can hold; use load()");
        }
        return map(info.begin(), (int) info.byteLength()).order(ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * Loads the tensor as a FLOAT32 array of its shape, attached to {@code manager}. F16 and BF16 are widened on the
     * way in, in bounded chunks; F32 is copied straight from the mapping into native memory.
     */
    public NDArray load(String name, NDManager manager) {
        return load(name, manager, DataType.FLOAT32);
    }

    /**
     * Loads the tensor as a {@code dtype} (FLOAT32 or FLOAT16) array of its shape, attached to {@code manager}, on
     * that manager's device. The conversion happens on the host in bounded chunks of the target dtype (see
     * {@link NativeTensorFill}); a tensor for a GPU is staged on the host in the target dtype, moved, and its host
     * copy freed before the next tensor is read.
     */
    public NDArray load(String name, NDManager manager, DataType dtype) {
        if (dtype != DataType.FLOAT32 && dtype != DataType.FLOAT16) {
            throw new IllegalArgumentException("tensors load as FLOAT32 or FLOAT16, not " + dtype);
        }
        if (manager.getDevice().equals(Device.cpu())) {
            return loadOnCpu(name, manager, dtype);
        }
        try (NDManager host = manager.getEngine().newBaseManager(Device.cpu());
                NDArray staged = loadOnCpu(name, host, dtype)) {
            NDArray moved = staged.toDevice(manager.getDevice(), true);
            moved.attach(manager);
            return moved;
        }
    }

    private NDArray loadOnCpu(String name, NDManager manager, DataType dtype) {
        TensorInfo info = info(name);
        NDArray out = manager.create(new Shape(info.shape()), dtype);
        try {
            if (info.numel() > 0) {
                new NativeTensorFill(this, info).into(out);
            }
            return out;
        } catch (RuntimeException e) {
            out.close();
            if (e instanceof CheckpointException) {
                throw e;
            }
            throw new CheckpointException(path + ": failed to load tensor '" + name + "': " + e, e);
        }
    }

    long windowBytes() {
        return windowBytes;
    }

    /** Maps {@code length} bytes starting at data-region offset {@code offset}; position 0, read-only. */
    ByteBuffer map(long offset, int length) {
        ensureOpen();
        try {
            return channel.map(FileChannel.MapMode.READ_ONLY, dataStart + offset, length);
        } catch (IOException e) {
            throw new CheckpointException(path + ": cannot map bytes [" + offset + ", " + (offset + length)
                    + ") of the data region: " + e, e);
        }
    }

    /**
     * As {@link #map(long, int)}, but the mapping belongs to {@code arena} and is unmapped when it closes: loading
     * copies each window and drops it at once, so the file never sits in this process's resident memory beside
     * the tensors made from it. Whatever reads the buffer must be done before the arena closes.
     */
    ByteBuffer map(long offset, int length, Arena arena) {
        ensureOpen();
        try {
            return channel.map(FileChannel.MapMode.READ_ONLY, dataStart + offset, length, arena).asByteBuffer();
        } catch (IOException e) {
            throw new CheckpointException(path + ": cannot map bytes [" + offset + ", " + (offset + length)
                    + ") of the data region: " + e, e);
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new CheckpointException(path + ": file is closed");
        }
    }

    /** Closes the channel; mappings already handed out stay valid until collected. */
    @Override
    public void close() {
        closed = true;
        try {
            channel.close();
        } catch (IOException e) {
            throw new CheckpointException(path + ": close failed: " + e, e);
        }
    }

    private static ByteBuffer readFully(FileChannel channel, long position, int length, Path path) {
        ByteBuffer buf = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        try {
            while (buf.hasRemaining()) {
                if (channel.read(buf, position + buf.position()) < 0) {
                    throw new CheckpointException(path + ": unexpected end of file at byte "
                            + (position + buf.position()));
                }
            }
        } catch (IOException e) {
            throw new CheckpointException(path + ": read failed: " + e, e);
        }
        return buf.flip();
    }

    private static long size(FileChannel channel, Path path) {
        try {
            return channel.size();
        } catch (IOException e) {
            throw new CheckpointException(path + ": cannot stat: " + e, e);
        }
    }

    private static void closeQuietly(FileChannel channel, RuntimeException primary) {
        try {
            channel.close();
        } catch (IOException e) {
            primary.addSuppressed(e);
        }
    }
}
