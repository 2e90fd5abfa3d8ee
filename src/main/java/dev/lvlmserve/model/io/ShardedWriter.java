package dev.lvlmserve.model.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Splits a checkpoint into shards the way transformers' {@code save_pretrained} does: tensors in order, a new shard
 * whenever the next tensor would push the current one past the limit (a tensor larger than the limit gets a shard of
 * its own), names {@code model-00001-of-00003.safetensors}, and an index mapping every key to its shard.
 */
final class ShardedWriter {
    private static final Pattern SHARD_NAME = Pattern.compile("model-\\d{5}-of-\\d{5}\\.safetensors");
    private static final JsonMapper JSON = new JsonMapper();

    private ShardedWriter() {}

    static void write(Path dir, Map<String, FloatSource> tensors, SafeDType dtype, long maxShardBytes,
            Map<String, String> metadata) {
        if (maxShardBytes <= 0) {
            throw new IllegalArgumentException("maxShardBytes must be positive: " + maxShardBytes);
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new CheckpointException(dir + ": cannot create directory: " + e, e);
        }
        List<Map<String, FloatSource>> shards = plan(tensors, dtype, maxShardBytes);
        if (shards.size() <= 1) {
            SafetensorsWriter.writeSources(dir.resolve(CheckpointFiles.SINGLE_FILE), tensors, dtype, metadata);
            removeStale(dir, Set.of(CheckpointFiles.SINGLE_FILE));
            return;
        }
        Map<String, String> weightMap = new LinkedHashMap<>();
        long totalSize = 0;
        Set<String> written = new HashSet<>();
        for (int i = 0; i < shards.size(); i++) {
            String name = shardName(i + 1, shards.size());
            Map<String, FloatSource> shard = shards.get(i);
            SafetensorsWriter.writeSources(dir.resolve(name), shard, dtype, metadata);
            written.add(name);
            for (Map.Entry<String, FloatSource> e : shard.entrySet()) {
                weightMap.put(e.getKey(), name);
                totalSize += SafetensorsWriter.byteLength(e.getValue().shape(), dtype);
            }
        }
        writeIndex(dir.resolve(CheckpointFiles.INDEX_FILE), totalSize, weightMap);
        written.add(CheckpointFiles.INDEX_FILE);
        removeStale(dir, written);
    }

    static String shardName(int index, int count) {
        return String.format("model-%05d-of-%05d.safetensors", index, count);
    }

    /** Greedy, order-preserving split by data bytes. */
    static List<Map<String, FloatSource>> plan(Map<String, FloatSource> tensors, SafeDType dtype, long max) {
        List<Map<String, FloatSource>> shards = new ArrayList<>();
        Map<String, FloatSource> current = new LinkedHashMap<>();
        long currentBytes = 0;
        for (Map.Entry<String, FloatSource> e : tensors.entrySet()) {
            long bytes = SafetensorsWriter.byteLength(e.getValue().shape(), dtype);
            if (!current.isEmpty() && bytes > max - currentBytes) {
                shards.add(current);
                current = new LinkedHashMap<>();
                currentBytes = 0;
            }
            current.put(e.getKey(), e.getValue());
            currentBytes += bytes;
        }
        if (!current.isEmpty() || shards.isEmpty()) {
            shards.add(current);
        }
        return shards;
    }

    private static void writeIndex(Path file, long totalSize, Map<String, String> weightMap) {
        ObjectNode root = JSON.createObjectNode();
        root.putObject("metadata").put("total_size", totalSize);
        ObjectNode map = root.putObject("weight_map");
        weightMap.forEach(map::put);
        byte[] json = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
        AtomicFile.write(file, ch -> AtomicFile.writeFully(ch, ByteBuffer.wrap(json)));
    }

    /**
     * Deletes what an earlier save left behind (the other layout, shards of another count), so that
     * {@link CheckpointFiles#open} cannot pick up a stale index or shard. Runs after the new files are in place.
     */
    private static void removeStale(Path dir, Set<String> keep) {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path p : entries) {
                String name = p.getFileName().toString();
                boolean ours = name.equals(CheckpointFiles.SINGLE_FILE) || name.equals(CheckpointFiles.INDEX_FILE)
                        || SHARD_NAME.matcher(name).matches();
                if (ours && !keep.contains(name)) {
                    Files.delete(p);
                }
            }
        } catch (IOException e) {
            throw new CheckpointException(dir + ": cannot remove files of an earlier save: " + e, e);
        }
    }
}
