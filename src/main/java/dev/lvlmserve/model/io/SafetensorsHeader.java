package dev.lvlmserve.model.io;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Parses and validates the JSON header of a safetensors file. Follows the format of the reference implementation
 * (huggingface/safetensors): {@code {"__metadata__": {str: str}, name: {"dtype", "shape", "data_offsets"}, ...}},
 * offsets relative to the data region. Every violation becomes a {@link CheckpointException} naming the file, so a
 * corrupt checkpoint can never surface as a Jackson or index-out-of-bounds exception, or as a native crash later.
 */
final class SafetensorsHeader {
    /** The reference implementation's cap; a larger header is corruption, not a real checkpoint. */
    static final long MAX_HEADER_BYTES = 100_000_000L;

    static final String METADATA_KEY = "__metadata__";

    /** Duplicate keys would silently shadow a tensor; the reference implementation rejects them too. */
    private static final JsonMapper JSON =
            JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    private final Map<String, TensorInfo> tensors;
    private final Map<String, String> metadata;

    private SafetensorsHeader(Map<String, TensorInfo> tensors, Map<String, String> metadata) {
        this.tensors = Collections.unmodifiableMap(tensors);
        this.metadata = Collections.unmodifiableMap(metadata);
    }

    Map<String, TensorInfo> tensors() {
        return tensors;
    }

    Map<String, String> metadata() {
        return metadata;
    }

    /**
     * Checks the 8-byte header length against the file size before anything is allocated for it.
     *
     * @param headerLength the unsigned little-endian value read from the first 8 bytes
     */
    static void checkHeaderLength(long headerLength, long fileSize, Path file) {
        if (headerLength < 2 || headerLength > MAX_HEADER_BYTES) {
            throw new CheckpointException(file + ": header length " + Long.toUnsignedString(headerLength)
                    + " is outside [2, " + MAX_HEADER_BYTES + "]; not a safetensors file or corrupt");
        }
        if (headerLength > fileSize - 8) {
            throw new CheckpointException(file + ": header length " + headerLength + " exceeds the file size "
                    + fileSize + " - 8; the file is truncated or not a safetensors file");
        }
    }

    /**
     * Parses the header JSON and validates every entry against the data region.
     *
     * @param json the header bytes (UTF-8, possibly padded with trailing spaces)
     * @param dataLength bytes in the file after the header
     */
    static SafetensorsHeader parse(byte[] json, long dataLength, Path file) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JacksonException e) {
            throw new CheckpointException(file + ": header is not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new CheckpointException(file + ": header is not a JSON object");
        }
        Map<String, TensorInfo> tensors = new LinkedHashMap<>();
        Map<String, String> metadata = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : root.properties()) {
            if (e.getKey().equals(METADATA_KEY)) {
                metadata.putAll(parseMetadata(e.getValue(), file));
            } else {
                tensors.put(e.getKey(), parseEntry(e.getKey(), e.getValue(), file));
            }
        }
        checkLayout(tensors.values(), dataLength, file);
        return new SafetensorsHeader(tensors, metadata);
    }

    private static Map<String, String> parseMetadata(JsonNode node, Path file) {
        if (!node.isObject()) {
            throw new CheckpointException(file + ": " + METADATA_KEY + " must be an object of strings");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            if (!e.getValue().isString()) {
                throw new CheckpointException(
                        file + ": " + METADATA_KEY + " entry '" + e.getKey() + "' is not a string");
            }
            out.put(e.getKey(), e.getValue().stringValue());
        }
        return out;
    }

    private static TensorInfo parseEntry(String name, JsonNode node, Path file) {
        String where = file + ": tensor '" + name + "'";
        if (!node.isObject()) {
            throw new CheckpointException(where + ": entry is not an object");
        }
        JsonNode dtype = node.get("dtype");
        if (dtype == null || !dtype.isString()) {
            throw new CheckpointException(where + ": missing string field 'dtype'");
        }
        SafeDType type = SafeDType.parse(dtype.stringValue(), name, file);
        long[] shape = nonNegativeLongs(node.get("shape"), -1, where + ": field 'shape'");
        long[] offsets = nonNegativeLongs(node.get("data_offsets"), 2, where + ": field 'data_offsets'");
        long begin = offsets[0];
        long end = offsets[1];
        if (end < begin) {
            throw new CheckpointException(where + ": data_offsets [" + begin + ", " + end + "] end before begin");
        }
        long expectedBytes;
        try {
            expectedBytes = Math.multiplyExact(TensorInfo.numel(shape), type.byteSize());
        } catch (ArithmeticException overflow) {
            throw new CheckpointException(where + ": shape " + Arrays.toString(shape) + " overflows");
        }
        if (end - begin != expectedBytes) {
            throw new CheckpointException(where + ": data_offsets [" + begin + ", " + end + "] span "
                    + (end - begin) + " bytes but shape " + Arrays.toString(shape) + " of " + type
                    + " needs " + expectedBytes);
        }
        return new TensorInfo(name, type, shape, begin, end);
    }

    /** An array of non-negative integers; {@code length} -1 means any length. */
    private static long[] nonNegativeLongs(JsonNode node, int length, String what) {
        if (node == null || !node.isArray()) {
            throw new CheckpointException(what + " is missing or not an array");
        }
        if (length >= 0 && node.size() != length) {
            throw new CheckpointException(what + " must have " + length + " elements, has " + node.size());
        }
        long[] out = new long[node.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode v = node.get(i);
            if (!v.isIntegralNumber() || !v.canConvertToLong() || v.longValue() < 0) {
                throw new CheckpointException(what + " element " + i + " is not a non-negative integer: " + v);
            }
            out[i] = v.longValue();
        }
        return out;
    }

    /** Every tensor inside the data region and no two tensors sharing bytes. */
    private static void checkLayout(Iterable<TensorInfo> infos, long dataLength, Path file) {
        List<TensorInfo> byBegin = new ArrayList<>();
        for (TensorInfo t : infos) {
            if (t.end() > dataLength) {
                throw new CheckpointException(file + ": tensor '" + t.name() + "' ends at data offset " + t.end()
                        + " but the data region holds only " + dataLength + " bytes; the file is truncated");
            }
            if (t.byteLength() > 0) {
                byBegin.add(t);
            }
        }
        byBegin.sort(Comparator.comparingLong(TensorInfo::begin));
        for (int i = 1; i < byBegin.size(); i++) {
            TensorInfo prev = byBegin.get(i - 1);
            TensorInfo cur = byBegin.get(i);
            if (cur.begin() < prev.end()) {
                throw new CheckpointException(file + ": tensors '" + prev.name() + "' [" + prev.begin() + ", "
                        + prev.end() + ") and '" + cur.name() + "' [" + cur.begin() + ", " + cur.end()
                        + ") overlap");
            }
        }
    }
}
