package dev.lvlmserve.model.tokenizer;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * A Hugging Face fast tokenizer ({@code tokenizer.json}) through DJL's Rust bindings, plus the special-token ids a
 * LLaVA prompt and a generator need (see {@link SpecialTokens} for where they come from).
 *
 * <p>DJL 0.32 facts this class works around, pinned by its tests:
 *
 * <ul>
 *   <li>DJL truncates to 512 tokens unless told otherwise (its default {@code modelMaxLength}); truncation and
 *       padding are switched off here, prompt-length limits belong to the caller;
 *   <li>DJL has no vocabulary look-up, so {@code tokenizer.json} is also read as JSON ({@link Vocabulary});
 *   <li>{@code decode} is the tokenizers library's: with no {@code decoder} in the JSON, tokens are joined with single
 *       spaces; {@code skipSpecialTokens} drops every added token marked special (including {@code <unk>}). Unlike
 *       transformers' {@code decode}, no {@code clean_up_tokenization_spaces} pass is applied.
 * </ul>
 *
 * <p>Encode and decode may be called from several threads: the native tokenizer is not changed after loading.
 */
public final class TextTokenizer implements AutoCloseable {
    /** LLaVA's image placeholder, expanded by the model into the image's patch embeddings. */
    public static final String IMAGE_TOKEN = "<image>";

    static {
        // Same switch as dev.lvlmserve.model.Djl: loading a tokenizer otherwise probes the EC2 metadata endpoint
        // (DJL's usage telemetry) and can stall a start-up that has no network.
        System.setProperty("offline", "true");
    }

    private final HuggingFaceTokenizer tokenizer;
    private final Vocabulary vocabulary;
    private final SpecialTokens special;
    private final String[] pieces;

    private TextTokenizer(HuggingFaceTokenizer tokenizer, Vocabulary vocabulary, SpecialTokens special) {
        this.tokenizer = tokenizer;
        this.vocabulary = vocabulary;
        this.special = special;
        this.pieces = vocabulary.pieces();
    }

    /**
     * Loads {@code tokenizer.json} from a checkpoint directory (or the file itself), reading the special tokens from
     * the JSON files beside it. Nothing is downloaded.
     */
    public static TextTokenizer load(Path path) throws IOException {
        Path file = Files.isDirectory(path) ? path.resolve("tokenizer.json") : path;
        if (!Files.isRegularFile(file)) {
            throw new IOException("no tokenizer.json at " + path);
        }
        Path dir = file.toAbsolutePath().getParent();
        Vocabulary vocabulary = Vocabulary.read(file);
        SpecialTokens special = SpecialTokens.resolve(dir, vocabulary);
        HuggingFaceTokenizer tokenizer = HuggingFaceTokenizer.builder()
                .optTokenizerPath(file)
                .optAddSpecialTokens(true)
                .optTruncation(false)
                .optPadding(false)
                .build();
        return new TextTokenizer(tokenizer, vocabulary, special);
    }

    /** Token ids; with {@code addSpecialTokens} the tokenizer's post-processor adds its template (LLaMA: BOS). */
    public long[] encode(String text, boolean addSpecialTokens) {
        return tokenizer.encode(text, addSpecialTokens, false).getIds();
    }

    public String decode(long[] ids, boolean skipSpecialTokens) {
        return tokenizer.decode(ids, skipSpecialTokens);
    }

    /** One past the largest id in the vocabulary and added tokens (transformers' {@code len(tokenizer)}). */
    public int vocabSize() {
        return vocabulary.size();
    }

    /**
     * One token as text, for per-token log-probabilities: its vocabulary entry with SentencePiece's word marker
     * ({@code ▁}) as a space; a byte-fallback entry ({@code <0x0A>}) as the character of that byte when it is ASCII,
     * and as {@code bytes:\\xe4} (OpenAI's notation) when it is one byte of a longer UTF-8 character; an id outside
     * the vocabulary is empty.
     */
    public String tokenText(long id) {
        String piece = piece(id);
        int b = fallbackByte(piece);
        if (b >= 0) {
            return b < 0x80 ? String.valueOf((char) b) : "bytes:\\x" + Integer.toHexString(b);
        }
        return piece.replace('\u2581', ' ');
    }

    /**
     * The UTF-8 bytes a token adds to the text (OpenAI's {@code bytes}): a byte-fallback entry is its one byte,
     * which alone is not a character, so it cannot be derived from {@link #tokenText}.
     */
    public byte[] tokenBytes(long id) {
        String piece = piece(id);
        int b = fallbackByte(piece);
        return b >= 0 ? new byte[] {(byte) b} : piece.replace('\u2581', ' ').getBytes(StandardCharsets.UTF_8);
    }

    private String piece(long id) {
        String piece = id >= 0 && id < pieces.length ? pieces[(int) id] : null;
        return piece == null ? "" : piece;
    }

    /** The byte of a byte-fallback entry ({@code <0xE4>}), or −1. */
    private static int fallbackByte(String piece) {
        if (piece.length() == 6 && piece.startsWith("<0x") && piece.endsWith(">")) {
            try {
                return Integer.parseInt(piece.substring(3, 5), 16);
            } catch (NumberFormatException e) {
                return -1;
            }
        }
        return -1;
    }

    /** The id of a token string exactly as it appears in the vocabulary (no normalisation or splitting). */
    public OptionalLong tokenId(String token) {
        return vocabulary.id(token);
    }

    /** @throws IllegalStateException if the tokenizer has no BOS token (e.g. Qwen2) */
    public long bosId() {
        return special.bos().orElseThrow(() -> new IllegalStateException("this tokenizer has no BOS token"));
    }

    /** @throws IllegalStateException if no EOS token can be found */
    public long eosId() {
        return special.eos().orElseThrow(() -> new IllegalStateException("this tokenizer has no EOS token"));
    }

    /** The pad id; falls back to the EOS id, then 0, when the tokenizer names none. */
    public long padId() {
        return special.pad();
    }

    public OptionalLong unkId() {
        return special.unk();
    }

    /** @throws IllegalStateException if {@value #IMAGE_TOKEN} is not in the vocabulary (not a LLaVA tokenizer) */
    public long imageTokenId() {
        return tokenId(IMAGE_TOKEN)
                .orElseThrow(() -> new IllegalStateException(
                        "the tokenizer has no " + IMAGE_TOKEN + " token; LLaVA checkpoints add it as a special token"));
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
