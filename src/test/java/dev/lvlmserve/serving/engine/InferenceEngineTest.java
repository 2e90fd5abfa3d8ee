package dev.lvlmserve.serving.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.lvlmserve.model.image.ImageRejectedException;
import dev.lvlmserve.serving.config.LimitsProperties;
import dev.lvlmserve.serving.config.LvlmProperties;
import dev.lvlmserve.serving.error.RejectedImage;
import dev.lvlmserve.serving.error.ServingException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.util.unit.DataSize;

/** The engine's checks before anything is queued; the worker is a mock. */
class InferenceEngineTest {
    final WorkerSource workers = mock(WorkerSource.class);
    final VariantWorker worker = mock(VariantWorker.class);
    final ModelHealthIndicator readiness = new ModelHealthIndicator();
    InferenceEngine engine;

    @BeforeEach
    void setUp() {
        LvlmProperties p = new LvlmProperties(null, null, null, null, new LimitsProperties(null, null,
                DataSize.ofKilobytes(64), 10_000L, null, null, null, null, 32, 16, 4), null, null, null, null, null,
                null, null);
        engine = new InferenceEngine(workers, new FeatureCache(p, new SimpleMeterRegistry()), readiness, p);
        when(workers.acquire(any())).thenReturn(worker);
        when(worker.promptIds(any())).thenReturn(new long[10]);
        when(worker.vocabularySize()).thenReturn(100);
        when(worker.maxPromptTokens()).thenReturn(1000);
        when(worker.variant()).thenReturn("v");
        readiness.markReady("v");
    }

    static InferenceRequest ask(String question, SamplingParams sampling) {
        return new InferenceRequest(null, question, null, sampling, InferenceRequest.Api.OPENAI);
    }

    static ServingException refusal(Runnable r) {
        try {
            r.run();
        } catch (ServingException e) {
            return e;
        }
        throw new AssertionError("not refused");
    }

    @Test
    void notReadyAndFullQueueAre503WithRetryAfter() {
        ModelHealthIndicator cold = new ModelHealthIndicator();
        LvlmProperties p = LvlmProperties.defaults();
        InferenceEngine coldEngine = new InferenceEngine(workers, new FeatureCache(p, new SimpleMeterRegistry()),
                cold, p);
        ServingException e = refusal(() -> coldEngine.submit(ask("hi", SamplingParams.DEFAULTS), StreamListener.NONE));
        assertThat(e.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(e.retryAfterSeconds()).isEqualTo(1L);

        when(worker.offer(any())).thenReturn(VariantWorker.Offer.FULL);
        e = refusal(() -> engine.submit(ask("hi", SamplingParams.DEFAULTS), StreamListener.NONE));
        assertThat(e.code()).isEqualTo("queue_full");
        assertThat(e.retryAfterSeconds()).isNotNull();
    }

    @Test
    void aClosedWorkerIsRetriedThenAccepted() {
        when(worker.offer(any())).thenReturn(VariantWorker.Offer.CLOSED, VariantWorker.Offer.ACCEPTED);
        Submission s = engine.submit(ask("hi", SamplingParams.DEFAULTS), StreamListener.NONE);
        assertThat(s.variant()).isEqualTo("v");
    }

    @Test
    void samplingAndPromptLimitsAre400sNamingTheApisField() {
        assertThat(refusal(() -> engine.submit(ask("hi", new SamplingParams(17, null, null, null)),
                StreamListener.NONE)).param()).isEqualTo("max_tokens");
        assertThat(refusal(() -> engine.submit(ask("hi", new SamplingParams(null, 2.5, null, null)),
                StreamListener.NONE)).param()).isEqualTo("temperature");
        assertThat(refusal(() -> engine.submit(ask("hi", new SamplingParams(null, null, 0.0, null)),
                StreamListener.NONE)).param()).isEqualTo("top_p");
        assertThat(refusal(() -> engine.submit(ask("  ", SamplingParams.DEFAULTS), StreamListener.NONE)).code())
                .isEqualTo("missing_prompt");
        assertThat(refusal(() -> engine.submit(ask("<image> hi", SamplingParams.DEFAULTS), StreamListener.NONE))
                .code()).isEqualTo("invalid_prompt");
        when(worker.promptIds(any())).thenReturn(new long[33]);
        ServingException tooLong = refusal(() -> engine.submit(ask("hi", SamplingParams.DEFAULTS),
                StreamListener.NONE));
        assertThat(tooLong.code()).isEqualTo("context_length_exceeded");
        assertThat(tooLong.param()).isEqualTo("messages");
        verify(worker, never()).offer(any());
    }

    @Test
    void imagesAreDecodedBeforeQueueingAndBadOnesRefused() {
        InferenceRequest corrupt = new InferenceRequest(null, "hi", new byte[] {1, 2, 3}, SamplingParams.DEFAULTS,
                InferenceRequest.Api.VQA);
        assertThatThrownBy(() -> engine.submit(corrupt, StreamListener.NONE))
                .isInstanceOfSatisfying(RejectedImage.class, e -> {
                    assertThat(e.rejection().reason()).isEqualTo(ImageRejectedException.Reason.UNSUPPORTED_FORMAT);
                    assertThat(e.param()).isEqualTo("image");
                });
        verify(worker, never()).offer(any());
    }

    @Test
    void aLogitBiasOutsideTheVocabularyIsRefused() {
        SamplingParams bias = new SamplingParams(null, null, null, null, null, java.util.Map.of(100, 5f), null,
                null, null);
        ServingException e = refusal(() -> engine.submit(ask("hi", bias), StreamListener.NONE));
        assertThat(e.param()).isEqualTo("logit_bias");
        assertThat(e.getMessage()).contains("0 to 99");
        verify(worker, never()).offer(any());
    }
}
