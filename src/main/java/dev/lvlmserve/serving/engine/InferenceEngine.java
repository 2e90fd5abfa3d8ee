package dev.lvlmserve.serving.engine;

import dev.lvlmserve.model.generate.GenerationOptions;
import dev.lvlmserve.model.image.DecodedImage;
import dev.lvlmserve.model.image.ImageDecoder;
import dev.lvlmserve.model.image.ImageRejectedException;
import dev.lvlmserve.model.llava.Conversation;
import dev.lvlmserve.model.llava.PromptFormat;
import dev.lvlmserve.serving.error.RejectedImage;
import dev.lvlmserve.serving.config.LimitsProperties;
import dev.lvlmserve.serving.config.LvlmProperties;
import dev.lvlmserve.serving.error.ServingException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * The one way requests reach a model. On the caller's thread it checks limits, resolves the variant, decodes and
 * preprocesses the image (skipped when its features are cached; bounded by a {@link PreprocessGate} once its header
 * has passed the caps) and tokenises the prompt, so bad input fails before it is queued; then it queues the request
 * on the variant's worker. The HTTP layer sees only Java values.
 */
@Service
public class InferenceEngine {
    private final WorkerSource workers;
    private final FeatureCache cache;
    private final ModelHealthIndicator readiness;
    private final LimitsProperties limits;
    private final long retryAfter;
    private final long timeoutNanos;
    private final ImageDecoder decoder;
    private final PreprocessGate preprocessing;

    public InferenceEngine(WorkerSource workers, FeatureCache cache, ModelHealthIndicator readiness,
            LvlmProperties properties) {
        this.workers = workers;
        this.cache = cache;
        this.readiness = readiness;
        this.limits = properties.limits();
        this.retryAfter = properties.engine().retryAfterSeconds();
        this.timeoutNanos = properties.engine().requestTimeout().toNanos();
        this.decoder = new ImageDecoder(limits.image());
        this.preprocessing = new PreprocessGate(limits.preprocessConcurrency(), limits.preprocessMemory().toBytes(),
                PreprocessGate.WAIT, retryAfter);
    }

    /** Queues a request; {@code listener} receives the answer's text as it is generated. */
    public Submission submit(InferenceRequest request, StreamListener listener) {
        if (!readiness.isReady()) {
            throw ServingException.unavailable("not_ready", "The model is still loading.", retryAfter);
        }
        long arrived = System.nanoTime();
        GenerationOptions options = request.sampling().toOptions(limits, request.api().maxTokensField());
        for (int attempt = 0; ; attempt++) {
            VariantWorker worker = workers.acquire(request.model());
            PendingRequest p = prepare(worker, request, options, listener, arrived);
            switch (worker.offer(p)) {
                case ACCEPTED -> {
                    return new Submission(worker.variant(), worker.model(), p.future);
                }
                case FULL -> throw ServingException.unavailable("queue_full",
                        "Too many requests are waiting for " + worker.variant() + ".", retryAfter);
                case CLOSED -> { // evicted or replaced between acquire and offer: the registry loads it again
                    if (attempt >= 2) {
                        throw ServingException.unavailable("variant_unloading", "The variant is being unloaded.",
                                retryAfter);
                    }
                }
            }
        }
    }

    /** Queues a request and waits for its answer. */
    public Completion complete(InferenceRequest request) {
        return await(submit(request, StreamListener.NONE));
    }

    /** Waits for a submission within the configured request timeout; a failure comes back as what it was. */
    public Completion await(Submission s) {
        try {
            return s.result().get(timeoutNanos, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            s.cancel(); // nobody will read the answer: stop generating it
            throw new ServingException(HttpStatus.GATEWAY_TIMEOUT, "timeout", "The answer took too long.", null,
                    null);
        } catch (InterruptedException e) {
            s.cancel();
            Thread.currentThread().interrupt();
            throw ServingException.unavailable("interrupted", "The server is shutting down.", retryAfter);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException("generation failed", e.getCause());
        }
    }

    /** A dummy request straight to {@code worker}, bypassing readiness: the startup warm-up. */
    public Completion warmUp(VariantWorker worker, byte[] image) {
        GenerationOptions options = GenerationOptions.greedy(2);
        PendingRequest p = prepare(worker, new InferenceRequest(null, "warm up", image, SamplingParams.DEFAULTS,
                InferenceRequest.Api.VQA), options, StreamListener.NONE, System.nanoTime());
        if (worker.offer(p) != VariantWorker.Offer.ACCEPTED) {
            throw new IllegalStateException("the worker of " + worker.variant() + " refused the warm-up request");
        }
        return await(new Submission(worker.variant(), worker.model(), p.future));
    }

    private PendingRequest prepare(VariantWorker worker, InferenceRequest r, GenerationOptions options,
            StreamListener listener, long arrived) {
        String field = r.api().promptField();
        Conversation conversation = r.conversation();
        Conversation.Turn last = conversation.turns().getLast();
        // OpenAI's clients may send an image alone ("what is this?" left implicit); the native API needs a question
        if (last.text().isBlank() && !(r.api() == InferenceRequest.Api.OPENAI && last.image())) {
            throw ServingException.badRequest("missing_prompt", "The question is empty.", field);
        }
        long chars = 0;
        for (String text : conversation.texts()) {
            if (text.contains(PromptFormat.IMAGE)) {
                throw ServingException.badRequest("invalid_prompt", "The text may not contain " + PromptFormat.IMAGE
                        + "; send the image as an image.", field);
            }
            chars += text.length();
        }
        if (chars > (long) limits.maxPromptTokens() * 16) { // cheap bound before tokenising
            throw promptTooLong(chars + " characters", limits.maxPromptTokens(), field);
        }
        int vocabulary = worker.vocabularySize();
        for (int id : options.logitBias().keySet()) {
            if (id < 0 || id >= vocabulary) {
                throw ServingException.badRequest("invalid_logit_bias", "logit_bias names token " + id + "; this "
                        + "model's token ids are 0 to " + (vocabulary - 1) + ".", "logit_bias");
            }
        }
        String hash = null;
        float[] features = null;
        float[] pixels = null;
        long t0 = System.nanoTime();
        if (r.image() != null) {
            hash = ImageBytes.sha256(r.image());
            features = cache.get(worker.visionKey(), hash);
            if (features == null) {
                pixels = pixels(worker, r);
            }
        }
        long preprocess = r.image() == null ? 0 : System.nanoTime() - t0;
        long[] ids = worker.promptIds(conversation);
        int cap = Math.min(limits.maxPromptTokens(), worker.maxPromptTokens());
        if (ids.length > cap) {
            throw promptTooLong(ids.length + " tokens", cap, field);
        }
        SamplingParams s = r.sampling();
        boolean track = listener != StreamListener.NONE || !s.stop().isEmpty() || options.wantsLogprobs();
        AnswerText text = track ? new AnswerText(worker::decode, s.stop(), options.wantsLogprobs()
                ? worker::tokenText : null) : null;
        return new PendingRequest(ids, hash, features, pixels, options, arrived, preprocess, listener, text);
    }

    /** Decodes and preprocesses the image under a permit; a refused image names the request field that held it. */
    private float[] pixels(VariantWorker worker, InferenceRequest r) {
        try {
            ImageDecoder.ImageHeader header = decoder.probe(r.image()); // refuses over-cap images cheaply
            try (PreprocessGate.Permit permit = preprocessing.acquire(header.workingBytes())) {
                DecodedImage image = decoder.decode(r.image());
                return worker.pixelValues(image.image());
            }
        } catch (ImageRejectedException e) {
            throw new RejectedImage(e, r.imageField());
        }
    }

    private ServingException promptTooLong(String size, int cap, String field) {
        return ServingException.badRequest("context_length_exceeded", "The prompt is " + size + "; at most "
                + cap + " tokens are accepted (image positions included).", field);
    }
}
