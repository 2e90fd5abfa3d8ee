package dev.lvlmserve.model.tokenizer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.SequencedSet;
import java.util.regex.Pattern;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes a complete, tiny Hugging Face tokenizer directory for a closed vocabulary: the test and benchmark models
 * this project builds from scratch need a tokenizer that DJL and transformers' {@code AutoTokenizer} both load.
 *
 * <ul>
 *   <li>{@code tokenizer.json}: model {@code WordLevel}; ids {@code <unk>}=0, {@code <s>}=1, {@code </s>}=2,
 *       {@code <pad>}=3, {@code <image>}=4, then the words in the order given, duplicates dropped; no normalizer
 *       (case kept); pre-tokenizer {@code Whitespace} ({@code \w+|[^\w\s]+}, so whitespace, newlines included,
 *       only separates and never becomes a token); post-processor {@code TemplateProcessing} that prepends {@code <s>}
 *       (LLaMA's template); the five specials as special added tokens, so {@code <image>} is matched whole before
 *       pre-tokenisation; {@code decoder: null}, which makes decode join tokens with single spaces.
 *   <li>{@code tokenizer_config.json} ({@code PreTrainedTokenizerFast}, with {@code clean_up_tokenization_spaces}
 *       off so transformers' decode matches DJL's) and {@code special_tokens_map.json}.
 * </ul>
 */
public final class WordLevelTokenizerWriter {
    /** Special tokens in id order. */
    public static final List<String> SPECIAL_TOKENS = List.of("<unk>", "<s>", "</s>", "<pad>", "<image>");

    /** LLaVA-1.5's context length. */
    public static final int MODEL_MAX_LENGTH = 4096;

    /** What one {@code Whitespace} pre-token can be; a word outside this could never be produced by encoding. */
    private static final Pattern PRE_TOKEN = Pattern.compile("\\w+|[^\\w\\s]+", Pattern.UNICODE_CHARACTER_CLASS);

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private WordLevelTokenizerWriter() {}

    /**
     * Writes the three files into {@code dir} (created if missing).
     *
     * @param words vocabulary words, each a single pre-token (letters/digits/underscore, or a run of punctuation);
     *     special tokens among them are skipped
     * @throws IllegalArgumentException naming the first word the pre-tokenizer would split or drop
     */
    public static void write(Path dir, Collection<String> words) throws IOException {
        SequencedSet<String> vocab = new LinkedHashSet<>(SPECIAL_TOKENS);
        for (String word : words) {
            if (word != null && SPECIAL_TOKENS.contains(word)) {
                continue; // already there, with its special id
            }
            if (word == null || !PRE_TOKEN.matcher(word).matches()) {
                throw new IllegalArgumentException(
                        "not a single Whitespace pre-token (\\w+ or [^\\w\\s]+), encoding could never produce it: \""
                                + word + "\"");
            }
            vocab.add(word);
        }
        Files.createDirectories(dir);
        writeJson(dir.resolve("tokenizer.json"), tokenizerJson(new ArrayList<>(vocab)));
        writeJson(dir.resolve("tokenizer_config.json"), tokenizerConfig());
        writeJson(dir.resolve("special_tokens_map.json"), specialTokensMap());
    }

    private static ObjectNode tokenizerJson(List<String> vocab) {
        ObjectNode root = JSON.createObjectNode();
        root.put("version", "1.0");
        root.putNull("truncation");
        root.putNull("padding");
        ArrayNode added = root.putArray("added_tokens");
        for (int id = 0; id < SPECIAL_TOKENS.size(); id++) {
            addedToken(added.addObject().put("id", id), SPECIAL_TOKENS.get(id));
        }
        root.putNull("normalizer");
        root.putObject("pre_tokenizer").put("type", "Whitespace");
        ObjectNode post = root.putObject("post_processor").put("type", "TemplateProcessing");
        ArrayNode single = post.putArray("single");
        single.addObject().putObject("SpecialToken").put("id", "<s>").put("type_id", 0);
        single.addObject().putObject("Sequence").put("id", "A").put("type_id", 0);
        ArrayNode pair = post.putArray("pair");
        pair.addObject().putObject("SpecialToken").put("id", "<s>").put("type_id", 0);
        pair.addObject().putObject("Sequence").put("id", "A").put("type_id", 0);
        pair.addObject().putObject("SpecialToken").put("id", "<s>").put("type_id", 1);
        pair.addObject().putObject("Sequence").put("id", "B").put("type_id", 1);
        ObjectNode bos = post.putObject("special_tokens").putObject("<s>").put("id", "<s>");
        bos.putArray("ids").add(SPECIAL_TOKENS.indexOf("<s>"));
        bos.putArray("tokens").add("<s>");
        root.putNull("decoder");
        ObjectNode model = root.putObject("model").put("type", "WordLevel");
        ObjectNode ids = model.putObject("vocab");
        for (int id = 0; id < vocab.size(); id++) {
            ids.put(vocab.get(id), id);
        }
        model.put("unk_token", "<unk>");
        return root;
    }

    private static ObjectNode addedToken(ObjectNode node, String content) {
        return node.put("content", content)
                .put("single_word", false)
                .put("lstrip", false)
                .put("rstrip", false)
                .put("normalized", false)
                .put("special", true);
    }

    private static ObjectNode tokenizerConfig() {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode decoder = root.putObject("added_tokens_decoder");
        for (int id = 0; id < SPECIAL_TOKENS.size(); id++) {
            addedToken(decoder.putObject(Integer.toString(id)), SPECIAL_TOKENS.get(id));
        }
        root.putArray("additional_special_tokens").add("<image>");
        root.put("bos_token", "<s>");
        root.put("clean_up_tokenization_spaces", false);
        root.put("eos_token", "</s>");
        root.put("model_max_length", MODEL_MAX_LENGTH);
        root.put("pad_token", "<pad>");
        root.put("tokenizer_class", "PreTrainedTokenizerFast");
        root.put("unk_token", "<unk>");
        return root;
    }

    private static ObjectNode specialTokensMap() {
        ObjectNode root = JSON.createObjectNode();
        root.putArray("additional_special_tokens").add("<image>");
        root.put("bos_token", "<s>");
        root.put("eos_token", "</s>");
        root.put("pad_token", "<pad>");
        root.put("unk_token", "<unk>");
        return root;
    }

    private static void writeJson(Path file, ObjectNode node) throws IOException {
        Files.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node) + "\n",
                StandardCharsets.UTF_8);
    }
}
