package dev.lvlmserve.model.tokenizer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The ids of the special tokens a generator needs, resolved the way a checkpoint directory states them. For each
 * role the first source that names it wins:
 *
 * <ol>
 *   <li>{@code tokenizer_config.json}, then {@code special_tokens_map.json}: {@code bos_token}, {@code eos_token},
 *       {@code pad_token}, {@code unk_token}, each a string or an {@code AddedToken} object with {@code content};
 *       an explicit {@code null} means "this tokenizer has none" (Qwen2's {@code bos_token}) and ends the search;
 *   <li>{@code generation_config.json}: {@code bos_token_id}, {@code eos_token_id} (first if a list),
 *       {@code pad_token_id};
 *   <li>the LLaMA names {@code <s>}, {@code </s>}, {@code <pad>}, {@code <unk>} if the vocabulary has them.
 * </ol>
 *
 * A pad id nobody names falls back to the eos id, then to 0, as generation code conventionally does.
 */
record SpecialTokens(OptionalLong bos, OptionalLong eos, long pad, OptionalLong unk) {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private enum Role {
        BOS("bos_token", "bos_token_id", "<s>"),
        EOS("eos_token", "eos_token_id", "</s>"),
        PAD("pad_token", "pad_token_id", "<pad>"),
        UNK("unk_token", null, "<unk>");

        final String tokenKey;
        final String idKey;
        final String wellKnown;

        Role(String tokenKey, String idKey, String wellKnown) {
            this.tokenKey = tokenKey;
            this.idKey = idKey;
            this.wellKnown = wellKnown;
        }
    }

    static SpecialTokens resolve(Path dir, Vocabulary vocab) throws IOException {
        List<JsonNode> tokenFiles = List.of(json(dir.resolve("tokenizer_config.json")),
                json(dir.resolve("special_tokens_map.json")));
        JsonNode generation = json(dir.resolve("generation_config.json"));
        OptionalLong bos = resolve(Role.BOS, tokenFiles, generation, vocab);
        OptionalLong eos = resolve(Role.EOS, tokenFiles, generation, vocab);
        OptionalLong pad = resolve(Role.PAD, tokenFiles, generation, vocab);
        OptionalLong unk = resolve(Role.UNK, tokenFiles, generation, vocab);
        return new SpecialTokens(bos, eos, pad.orElse(eos.orElse(0)), unk);
    }

    private static OptionalLong resolve(Role role, List<JsonNode> tokenFiles, JsonNode generation, Vocabulary vocab) {
        for (JsonNode file : tokenFiles) {
            if (file.has(role.tokenKey)) {
                JsonNode value = file.get(role.tokenKey);
                if (value.isNull()) {
                    return OptionalLong.empty();
                }
                String token = value.isObject() ? value.path("content").asString() : value.asString();
                OptionalLong id = vocab.id(token);
                if (id.isPresent()) {
                    return id;
                }
            }
        }
        if (role.idKey != null && generation.has(role.idKey)) {
            JsonNode value = generation.get(role.idKey);
            JsonNode first = value.isArray() ? value.path(0) : value;
            if (first.isIntegralNumber() && first.asLong() >= 0 && first.asLong() < vocab.size()) {
                return OptionalLong.of(first.asLong());
            }
        }
        return vocab.id(role.wellKnown);
    }

    /** The file's JSON object, or an empty object when the file is absent. */
    private static JsonNode json(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return JSON.createObjectNode();
        }
        try {
            JsonNode node = JSON.readTree(Files.readString(file));
            return Optional.ofNullable(node).filter(JsonNode::isObject)
                    .orElseThrow(() -> new IOException("not a JSON object: " + file));
        } catch (JacksonException e) {
            throw new IOException("not valid JSON: " + file + ": " + e.getOriginalMessage(), e);
        }
    }
}
