package dev.lvlmserve.model.llava;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import dev.lvlmserve.model.Placement;
import dev.lvlmserve.model.generate.ContinuousBatch;
import dev.lvlmserve.model.generate.ForwardObserver;
import dev.lvlmserve.model.generate.Generator;
import dev.lvlmserve.model.generate.SequenceRequest;
import dev.lvlmserve.model.generate.SequenceResult;
import dev.lvlmserve.model.generate.TokenListener;
import dev.lvlmserve.model.image.ImageProcessor;
import dev.lvlmserve.model.image.ImageProcessorConfig;
import dev.lvlmserve.model.io.CheckpointException;
import dev.lvlmserve.model.tokenizer.TextTokenizer;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * What transformers' {@code LlavaProcessor} + {@code generate} do together: image preprocessing, the llava-1.5
 * prompt with {@code <image>} expanded to the image's positions, vision tower and projector, batched generation,
 * detokenisation. Pipelines for pruned variants share the base's tokenizer and processor ({@link #withModel}).
 */
public final class LlavaPipeline implements AutoCloseable {
    private final LlavaModel model;
    private final TextTokenizer tokenizer;
    private final ImageProcessor processor;
    private final Generator generator;
    private final boolean ownsTokenizer;
    private final Set<Long> eosIds;

    public LlavaPipeline(LlavaModel model, TextTokenizer tokenizer, ImageProcessor processor, boolean ownsTokenizer) {
        this(model, tokenizer, processor, ownsTokenizer, Set.of());
    }

    /** @param extraEos end-of-sequence ids beyond the tokenizer's (generation_config.json may list several) */
    public LlavaPipeline(LlavaModel model, TextTokenizer tokenizer, ImageProcessor processor, boolean ownsTokenizer,
            Set<Long> extraEos) {
        this.model = model;
        this.tokenizer = tokenizer;
        this.processor = processor;
        this.ownsTokenizer = ownsTokenizer;
        long image = model.config().imageTokenIndex();
        tokenizer.tokenId(PromptFormat.IMAGE).ifPresent(id -> {
            if (id != image) {
                throw new CheckpointException("tokenizer maps <image> to " + id + " but config.json's "
                        + "image_token_index is " + image);
            }
        });
        Set<Long> eos = new java.util.HashSet<>(extraEos);
        eos.add(tokenizer.eosId());
        this.eosIds = Set.copyOf(eos);
        this.generator = new Generator(model, eosIds, tokenizer.padId());
    }

    /**
     * Loads a checkpoint directory: weights (on the placement's device, in its dtype; null means cpu float32),
     * tokenizer.json, preprocessor_config.json.
     */
    public static LlavaPipeline load(Path dir, Placement placement) {
        LlavaModel model = LlavaCheckpoint.loadModel(dir, placement);
        try {
            TextTokenizer tokenizer = TextTokenizer.load(dir);
            ImageProcessor processor = new ImageProcessor(ImageProcessorConfig.read(dir.resolve(
                    "preprocessor_config.json")));
            return new LlavaPipeline(model, tokenizer, processor, true, GenerationConfig.eosIds(dir));
        } catch (IOException | RuntimeException e) {
            model.close();
            throw e instanceof CheckpointException ce ? ce
                    : new CheckpointException("cannot load " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The same tokenizer and image processor over another model (a pruned variant); closing it closes the model. */
    public LlavaPipeline withModel(LlavaModel other) {
        return new LlavaPipeline(other, tokenizer, processor, false, eosIds);
    }

    public float[] pixelValues(BufferedImage image) {
        return processor.preprocess(image);
    }

    /** Projected image features, N·D floats per image, for preprocessed images (batched through the tower). */
    public float[][] imageFeatures(List<float[]> pixels) {
        try (NDManager m = model.manager().newSubManager();
                NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDArray px = processor.toPixelValues(pixels, m).toType(model.dtype(), false);
            NDArray feats = model.imageFeatures(px, ForwardObserver.NONE); // (B, N, D)
            float[] all = feats.toType(ai.djl.ndarray.types.DataType.FLOAT32, false).toFloatArray();
            int per = all.length / pixels.size();
            float[][] out = new float[pixels.size()][];
            for (int i = 0; i < out.length; i++) {
                out[i] = Arrays.copyOfRange(all, i * per, (i + 1) * per);
            }
            return out;
        }
    }

    /** Prompt ids: BOS, the llava-1.5 prompt, {@code <image>} expanded to {@code image_seq_length} positions. */
    public long[] promptIds(String question, boolean withImage) {
        return promptIds(Conversation.question(question, withImage));
    }

    /** Prompt ids of a whole conversation in the llava-1.5 format ({@link PromptFormat}). */
    public long[] promptIds(Conversation conversation) {
        long[] ids = tokenizer.encode(PromptFormat.llava15(conversation), true);
        if (!conversation.hasImage()) {
            return ids;
        }
        long image = model.config().imageTokenIndex();
        int n = model.config().imageSeqLength();
        long[] out = new long[ids.length - 1 + n];
        int j = 0;
        int seen = 0;
        for (long id : ids) {
            if (id == image) {
                seen++;
                for (int k = 0; k < n; k++) {
                    out[j++] = image;
                }
            } else {
                out[j++] = id;
            }
        }
        if (seen != 1) {
            throw new IllegalArgumentException("the prompt must contain exactly one <image>, found " + seen);
        }
        return out;
    }

    /** The answer's token ids followed by end-of-sequence (the supervised target when training). */
    public long[] targetIds(String answer) {
        long[] ids = tokenizer.encode(" " + answer, false);
        long[] out = Arrays.copyOf(ids, ids.length + 1);
        out[ids.length] = tokenizer.eosId();
        return out;
    }

    public String decode(long[] tokens) {
        return tokenizer.decode(tokens, true).strip();
    }

    /** Answers a batch of queries together (one vision pass, one prefill, shared decode steps). */
    public List<Answer> answer(List<Query> queries, TokenListener listener) {
        long t0 = System.nanoTime();
        List<float[]> pixels = new ArrayList<>();
        for (Query q : queries) {
            if (q.image() != null) {
                pixels.add(pixelValues(q.image()));
            }
        }
        long t1 = System.nanoTime();
        float[][] feats = pixels.isEmpty() ? new float[0][] : imageFeatures(pixels);
        long t2 = System.nanoTime();
        List<SequenceRequest> requests = new ArrayList<>();
        int f = 0;
        for (Query q : queries) {
            boolean hasImage = q.image() != null;
            requests.add(new SequenceRequest(promptIds(q.question(), hasImage), hasImage ? feats[f++] : null,
                    q.options()));
        }
        return finish(generator.generate(requests, listener), t1 - t0, t2 - t1);
    }

    /**
     * A continuous batch over this pipeline's model with {@code slots} preallocated KV slots of {@code capacity}
     * positions, prefilling up to {@code chunkTokens} prompt tokens a step; the caller owns it (and its native
     * memory) and closes it.
     */
    public ContinuousBatch continuousBatch(int slots, int capacity, int chunkTokens) {
        return new ContinuousBatch(model, eosIds, slots, capacity, chunkTokens);
    }

    /** Generation from ready inputs: prompt ids and cached image features (static batching). */
    public List<SequenceResult> generate(List<SequenceRequest> requests, TokenListener listener) {
        return generator.generate(requests, listener);
    }

    private List<Answer> finish(List<SequenceResult> results, long preprocess, long vision) {
        List<Answer> out = new ArrayList<>();
        for (SequenceResult r : results) {
            out.add(new Answer(decode(r.tokens()), r.tokens(), r.finishReason(), r.promptTokens(),
                    new Timings(preprocess, vision, r.prefillNanos(), r.decodeNanos())));
        }
        return out;
    }

    public LlavaModel model() {
        return model;
    }

    public TextTokenizer tokenizer() {
        return tokenizer;
    }

    public ImageProcessor processor() {
        return processor;
    }

    @Override
    public void close() {
        model.close();
        if (ownsTokenizer) {
            tokenizer.close();
        }
    }
}
