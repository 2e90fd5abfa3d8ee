package dev.lvlmserve.model.tokenizer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Token ↔ id, read from {@code tokenizer.json} ourselves because DJL's {@code HuggingFaceTokenizer} exposes no
 * vocabulary look-up. Covers the model types whose vocabulary is a {@code {token: id}} object (BPE, WordPiece,
 * WordLevel) and Unigram's {@code [[piece, score], ...]} list (id = position), plus {@code added_tokens}, which win
 * on conflict as they do in the tokenizers library.
 */
record Vocabulary(Map<String, Long> ids, int size) {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    static Vocabulary read(Path tokenizerJson) throws IOException {
        JsonNode root;
        try (InputStream in = Files.newInputStream(tokenizerJson)) {
            root = JSON.readTree(in);
        } catch (JacksonException e) {
            throw new IOException("not valid JSON: " + tokenizerJson + ": " + e.getOriginalMessage(), e);
        }
        Map<String, Long> ids = new HashMap<>();
        JsonNode vocab = root.path("model").path("vocab");
        if (vocab.isObject()) {
            for (Map.Entry<String, JsonNode> e : vocab.properties()) {
                ids.put(e.getKey(), e.getValue().asLong());
            }
        } else if (vocab.isArray()) {
            long id = 0;
            for (JsonNode piece : vocab.values()) {
                ids.put(piece.path(0).asString(), id++);
            }
        } else {
            throw new IOException("tokenizer.json has no model.vocab: " + tokenizerJson);
        }
        for (JsonNode added : root.path("added_tokens").values()) {
            ids.put(added.path("content").asString(), added.path("id").asLong());
        }
        long maxId = ids.values().stream().mapToLong(Long::longValue).max().orElse(-1);
        return new Vocabulary(Map.copyOf(ids), Math.toIntExact(maxId + 1));
    }

    OptionalLong id(String token) {
        Long id = ids.get(token);
        return id == null ? OptionalLong.empty() : OptionalLong.of(id);
    }

    /** id → token string; null where the vocabulary has a gap. */
    String[] pieces() {
        String[] out = new String[size];
        ids.forEach((token, id) -> out[Math.toIntExact(id)] = token);
        return out;
    }
}
