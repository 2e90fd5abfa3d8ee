package dev.lvlmserve.model.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The {@code weight_map} of a {@code model.safetensors.index.json}: checkpoint key to shard file name. */
final class ShardIndex {
    private static final JsonMapper JSON =
            JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    private ShardIndex() {}

    /** Key to shard file name, in index order; shard names are checked to be plain file names in the directory. */
    static Map<String, String> read(Path indexFile) {
        JsonNode root;
        try {
            root = JSON.readTree(Files.readAllBytes(indexFile));
        } catch (IOException e) {
            throw new CheckpointException(indexFile + ": cannot read: " + e, e);
        } catch (JacksonException e) {
            throw new CheckpointException(indexFile + ": not valid JSON: " + e.getOriginalMessage(), e);
        }
        JsonNode weightMap = root == null ? null : root.get("weight_map");
        if (weightMap == null || !weightMap.isObject()) {
            throw new CheckpointException(indexFile + ": no \"weight_map\" object");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : weightMap.properties()) {
            JsonNode shard = e.getValue();
            if (!shard.isString() || !isPlainFileName(shard.stringValue())) {
                throw new CheckpointException(indexFile + ": key '" + e.getKey() + "' maps to " + shard
                        + ", which is not a file name in the checkpoint directory");
            }
            out.put(e.getKey(), shard.stringValue());
        }
        return Collections.unmodifiableMap(out);
    }

    /** An index must not point outside its own directory ("../x", "/etc/x"). */
    private static boolean isPlainFileName(String name) {
        if (name.isEmpty() || name.equals(".") || name.equals("..")) {
            return false;
        }
        return !name.contains("/") && !name.contains("\\");
    }
}
