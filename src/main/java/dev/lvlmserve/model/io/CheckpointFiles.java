package dev.lvlmserve.model.io;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The safetensors files of one Hugging Face checkpoint directory, sharded or not, behind a single key space.
 * Sharded checkpoints are cross-checked against their index on open: a key the index lists must be in its shard,
 * and a shard must hold nothing the index does not assign to it, so a half-copied download fails here and loudly.
 */
public final class CheckpointFiles implements AutoCloseable {
    public static final String SINGLE_FILE = "model.safetensors";
    public static final String INDEX_FILE = "model.safetensors.index.json";

    private final Path dir;
    private final List<SafetensorsFile> files;
    private final Map<String, SafetensorsFile> byKey;

    private CheckpointFiles(Path dir, List<SafetensorsFile> files, Map<String, SafetensorsFile> byKey) {
        this.dir = dir;
        this.files = List.copyOf(files);
        this.byKey = Collections.unmodifiableMap(byKey);
    }

    /** Opens {@code dir}'s index and shards, or its single {@code model.safetensors}. */
    public static CheckpointFiles open(Path dir) {
        Path index = dir.resolve(INDEX_FILE);
        if (Files.isRegularFile(index)) {
            return openSharded(dir, index);
        }
        Path single = dir.resolve(SINGLE_FILE);
        if (Files.isRegularFile(single)) {
            SafetensorsFile file = SafetensorsFile.open(single);
            Map<String, SafetensorsFile> byKey = new LinkedHashMap<>();
            file.tensors().keySet().forEach(k -> byKey.put(k, file));
            return new CheckpointFiles(dir, List.of(file), byKey);
        }
        throw new CheckpointException("no " + SINGLE_FILE + " or " + INDEX_FILE + " in " + dir);
    }

    private static CheckpointFiles openSharded(Path dir, Path index) {
        Map<String, String> weightMap = ShardIndex.read(index);
        Map<String, SafetensorsFile> shards = new LinkedHashMap<>();
        try {
            for (String shardName : new LinkedHashSet<>(weightMap.values())) {
                Path shard = dir.resolve(shardName);
                if (!Files.isRegularFile(shard)) {
                    throw new CheckpointException(index + " names shard " + shardName + ", which does not exist in "
                            + dir + " (it should hold e.g. '" + firstKeyOf(weightMap, shardName) + "')");
                }
                shards.put(shardName, SafetensorsFile.open(shard));
            }
            Map<String, SafetensorsFile> byKey = crossCheck(index, weightMap, shards);
            return new CheckpointFiles(dir, new ArrayList<>(shards.values()), byKey);
        } catch (RuntimeException e) {
            shards.values().forEach(SafetensorsFile::close);
            throw e;
        }
    }

    /** Every listed key in its shard, every shard key listed for that shard; all problems in one message. */
    private static Map<String, SafetensorsFile> crossCheck(
            Path index, Map<String, String> weightMap, Map<String, SafetensorsFile> shards) {
        List<String> absent = new ArrayList<>();
        List<String> unlisted = new ArrayList<>();
        Map<String, SafetensorsFile> byKey = new LinkedHashMap<>();
        weightMap.forEach((key, shardName) -> {
            SafetensorsFile shard = shards.get(shardName);
            if (shard.tensors().containsKey(key)) {
                byKey.put(key, shard);
            } else {
                absent.add("'" + key + "' (index says " + shardName + ")");
            }
        });
        shards.forEach((shardName, shard) -> {
            for (String key : shard.tensors().keySet()) {
                if (!shardName.equals(weightMap.get(key))) {
                    unlisted.add("'" + key + "' in " + shardName);
                }
            }
        });
        if (absent.isEmpty() && unlisted.isEmpty()) {
            return byKey;
        }
        StringBuilder msg = new StringBuilder("shards in " + index.getParent() + " disagree with " + index);
        if (!absent.isEmpty()) {
            msg.append("\n  keys missing from their shard (").append(absent.size()).append("): ")
                    .append(KeyListing.of(absent));
        }
        if (!unlisted.isEmpty()) {
            msg.append("\n  shard keys the index does not assign to that shard (").append(unlisted.size())
                    .append("): ").append(KeyListing.of(unlisted));
        }
        throw new CheckpointException(msg.toString());
    }

    private static String firstKeyOf(Map<String, String> weightMap, String shardName) {
        return weightMap.entrySet().stream().filter(e -> e.getValue().equals(shardName)).findFirst()
                .map(Map.Entry::getKey).orElse("?");
    }

    public Path dir() {
        return dir;
    }

    /** The files opened, in index order (one for an unsharded checkpoint). */
    public List<Path> paths() {
        return files.stream().map(SafetensorsFile::path).toList();
    }

    /** All checkpoint keys as written in the files, in index (or header) order. */
    public Set<String> keys() {
        return byKey.keySet();
    }

    public boolean contains(String key) {
        return byKey.containsKey(key);
    }

    public TensorInfo info(String key) {
        return file(key).info(key);
    }

    public SafeDType dtypeOf(String key) {
        return info(key).dtype();
    }

    /** Loads one tensor as FLOAT32 into {@code manager}. */
    public NDArray load(String key, NDManager manager) {
        return file(key).load(key, manager);
    }

    /** Loads one tensor as {@code dtype} (FLOAT32 or FLOAT16) into {@code manager}, on its device. */
    public NDArray load(String key, NDManager manager, DataType dtype) {
        return file(key).load(key, manager, dtype);
    }

    private SafetensorsFile file(String key) {
        SafetensorsFile f = byKey.get(key);
        if (f == null) {
            throw new CheckpointException("no tensor '" + key + "' in checkpoint " + dir);
        }
        return f;
    }

    @Override
    public void close() {
        RuntimeException first = null;
        for (SafetensorsFile f : files) {
            try {
                f.close();
            } catch (RuntimeException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
