package dev.lvlmserve.model.io;

import ai.djl.ndarray.NDArray;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes safetensors files in the layout of the reference implementation: 8-byte little-endian header length, a
 * JSON header padded with spaces to a multiple of 8, then the tensors back to back in the caller's order. Data is
 * converted from FLOAT32 and streamed through a small buffer; the file is written to {@code .tmp}, fsynced and
 * renamed into place. Sharded checkpoints: {@link #writeSharded}.
 */
public final class SafetensorsWriter {
    /**
     * transformers refuses safetensors metadata without a recognised {@code format}; {@code save_pretrained} writes
     * this, so the writer does too unless the caller sets another.
     */
    static final Map<String, String> DEFAULT_METADATA = Map.of("format", "pt");

    private static final JsonMapper JSON = new JsonMapper();
    private static final int STREAM_BUFFER_BYTES = 1 << 20;

    private SafetensorsWriter() {}

    /**
     * Writes {@code tensors} (in iteration order) to {@code file} as {@code dtype}; F16 and BF16 round to nearest
     * even. The arrays may be of any floating type and device; they are not modified or closed.
     *
     * @param metadata written as {@code __metadata__}, with {@code format=pt} added when absent
     */
    public static void write(Path file, Map<String, NDArray> tensors, SafeDType dtype, Map<String, String> metadata) {
        writeSources(file, adapt(tensors, FloatSource::of), dtype, metadata);
    }

    /**
     * As {@link #write}, for heap tensors. (A separate name: both maps erase to {@code Map}, so Java cannot overload
     * {@code write} on them.)
     */
    public static void writeFloats(
            Path file, Map<String, FloatTensor> tensors, SafeDType dtype, Map<String, String> metadata) {
        writeSources(file, adapt(tensors, FloatSource::of), dtype, metadata);
    }

    /**
     * Writes {@code model.safetensors}, or {@code model-0000i-of-0000N.safetensors} shards of at most
     * {@code maxShardBytes} data bytes each plus {@code model.safetensors.index.json}, as {@code save_pretrained}
     * does. A single shard is written as plain {@code model.safetensors} with no index.
     */
    public static void writeSharded(
            Path dir, Map<String, NDArray> tensors, SafeDType dtype, long maxShardBytes, Map<String, String> meta) {
        ShardedWriter.write(dir, adapt(tensors, FloatSource::of), dtype, maxShardBytes, meta);
    }

    static <T> Map<String, FloatSource> adapt(Map<String, T> tensors, Function<T, FloatSource> adapter) {
        Map<String, FloatSource> out = new LinkedHashMap<>();
        tensors.forEach((name, t) -> out.put(name, adapter.apply(t)));
        return out;
    }

    static void writeSources(Path file, Map<String, FloatSource> tensors, SafeDType dtype, Map<String, String> meta) {
        byte[] header = header(tensors, dtype, meta);
        AtomicFile.write(file, ch -> {
            ByteBuffer length = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length);
            AtomicFile.writeFully(ch, length.flip());
            AtomicFile.writeFully(ch, ByteBuffer.wrap(header));
            ByteBuffer out = ByteBuffer.allocate(STREAM_BUFFER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
            for (Map.Entry<String, FloatSource> e : tensors.entrySet()) {
                long expected = TensorInfo.numel(e.getValue().shape());
                long written = stream(e.getValue(), dtype, ch, out);
                if (written != expected) {
                    throw new IllegalStateException("tensor '" + e.getKey() + "' produced " + written
                            + " elements, its shape needs " + expected);
                }
            }
        });
    }

    /** Bytes a tensor of {@code shape} occupies as {@code dtype}. */
    static long byteLength(long[] shape, SafeDType dtype) {
        return Math.multiplyExact(TensorInfo.numel(shape), dtype.byteSize());
    }

    private static long stream(FloatSource source, SafeDType dtype, FileChannel ch, ByteBuffer out)
            throws IOException {
        long[] count = {0};
        source.withFloats(floats -> {
            while (floats.hasRemaining()) {
                count[0] += ElementCodec.narrow(floats, dtype, out.clear());
                AtomicFile.writeFully(ch, out.flip());
            }
        });
        return count[0];
    }

    /** The header JSON: data_offsets contiguous in iteration order, padded with spaces to a multiple of 8. */
    static byte[] header(Map<String, FloatSource> tensors, SafeDType dtype, Map<String, String> metadata) {
        ObjectNode root = JSON.createObjectNode();
        Map<String, String> meta = new LinkedHashMap<>(DEFAULT_METADATA);
        meta.putAll(metadata);
        ObjectNode metaNode = root.putObject(SafetensorsHeader.METADATA_KEY);
        meta.forEach(metaNode::put);
        long offset = 0;
        for (Map.Entry<String, FloatSource> e : tensors.entrySet()) {
            String name = e.getKey();
            if (name.isEmpty() || name.equals(SafetensorsHeader.METADATA_KEY)) {
                throw new IllegalArgumentException("invalid tensor name '" + name + "'");
            }
            long[] shape = e.getValue().shape();
            long end = offset + byteLength(shape, dtype);
            ObjectNode entry = root.putObject(name);
            entry.put("dtype", dtype.headerName());
            ArrayNode shapeNode = entry.putArray("shape");
            Arrays.stream(shape).forEach(shapeNode::add);
            entry.putArray("data_offsets").add(offset).add(end);
            offset = end;
        }
        byte[] json = JSON.writeValueAsBytes(root);
        int padded = (json.length + 7) / 8 * 8;
        byte[] out = Arrays.copyOf(json, padded);
        Arrays.fill(out, json.length, padded, (byte) ' ');
        return out;
    }
}
