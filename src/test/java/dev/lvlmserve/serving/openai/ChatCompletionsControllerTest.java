package dev.lvlmserve.serving.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.asyncDispatch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.request;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.lvlmserve.model.llava.PromptFormat;
import dev.lvlmserve.serving.SliceFixtures;
import dev.lvlmserve.serving.engine.Completion;
import dev.lvlmserve.serving.engine.InferenceEngine;
import dev.lvlmserve.serving.engine.InferenceRequest;
import dev.lvlmserve.serving.engine.SamplingParams;
import dev.lvlmserve.serving.engine.StreamListener;
import dev.lvlmserve.serving.engine.Submission;
import dev.lvlmserve.serving.engine.TokenLogprob;
import dev.lvlmserve.serving.error.ServingException;
import dev.lvlmserve.serving.variants.VariantRegistry;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import tools.jackson.databind.json.JsonMapper;

/**
 * The OpenAI layer over a mock engine: what each request field turns into (honoured fields reach the engine as
 * decoding options; refused ones are a 400 naming the field), and the shapes of answers, chunks and models. The
 * effect of the honoured fields on a real model's answers is {@link OpenAiConformanceTest}'s.
 */
@WebMvcTest(controllers = {ChatCompletionsController.class, ModelsController.class})
@Import(ImageUrlResolver.class)
class ChatCompletionsControllerTest {
    static final String IMAGE = "data:image/png;base64," + Base64.getEncoder().encodeToString(new byte[] {1, 2, 3});
    static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    MockMvc mvc;

    @MockitoBean
    InferenceEngine engine;

    @MockitoBean
    VariantRegistry registry;

    static String body(String model, boolean stream) {
        return """
                {"model": "%s", "stream": %s, %s "max_tokens": 5, "user": "user-1234",
                 "messages": [{"role": "system", "content": "be brief"},
                              {"role": "user", "content": [{"type": "text", "text": "what color"},
                                                           {"type": "image_url", "image_url": {"url": "%s"}}]}]}
                """.formatted(model, stream, stream ? "\"stream_options\": {\"include_usage\": true}," : "", IMAGE);
    }

    /** A minimal request with {@code extra} fields added. */
    static String with(Map<String, Object> extra) {
        Map<String, Object> m = new java.util.LinkedHashMap<>(Map.of("model", "default", "messages",
                List.of(Map.of("role", "user", "content", "hi"))));
        m.putAll(extra);
        return JSON.writeValueAsString(m);
    }

    static Map<String, Object> kv(Object... pairs) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put((String) pairs[i], pairs[i + 1]);
        }
        return m;
    }

    SamplingParams sent(Map<String, Object> extra) throws Exception {
        when(engine.complete(any())).thenReturn(SliceFixtures.completion("red"));
        mvc.perform(post("/v1/chat/completions").contentType(MediaType.APPLICATION_JSON).content(with(extra)))
                .andExpect(status().isOk());
        ArgumentCaptor<InferenceRequest> sent = ArgumentCaptor.forClass(InferenceRequest.class);
        verify(engine, org.mockito.Mockito.atLeastOnce()).complete(sent.capture());
        return sent.getValue().sampling();
    }

    void refused(Map<String, Object> extra, String param, String code) throws Exception {
        mvc.perform(post("/v1/chat/completions").contentType(MediaType.APPLICATION_JSON).content(with(extra)))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.error.type").value("invalid_request_error"))
                .andExpect(jsonPath("$.error.param").value(param))
                .andExpect(jsonPath("$.error.code").value(code));
    }

    @Test
    void answersInOpenAisShape() throws Exception {
        when(engine.complete(any())).thenReturn(SliceFixtures.completion("red"));
        mvc.perform(post("/v1/chat/completions").contentType(MediaType.APPLICATION_JSON)
                        .content(body("default", false)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.id").value(org.hamcrest.Matchers.matchesPattern("chatcmpl-[A-Za-z0-9]{29}")))
                .andExpect(jsonPath("$.object").value("chat.completion"))
                .andExpect(jsonPath("$.model").value("base"))
                .andExpect(jsonPath("$.system_fingerprint").value(org.hamcrest.Matchers.matchesPattern(
                        "fp_[0-9a-f]{10}")))
                .andExpect(jsonPath("$.choices[0].index").value(0))
                .andExpect(jsonPath("$.choices[0].message.role").value("assistant"))
                .andExpect(jsonPath("$.choices[0].message.content").value("red"))
                .andExpect(jsonPath("$.choices[0].message.refusal").isEmpty())
                .andExpect(jsonPath("$.choices[0].message", org.hamcrest.Matchers.hasKey("refusal")))
                .andExpect(jsonPath("$.choices[0]", org.hamcrest.Matchers.hasKey("logprobs")))
                .andExpect(jsonPath("$.choices[0].finish_reason").value("stop"))
                .andExpect(jsonPath("$.usage.prompt_tokens").value(30))
                .andExpect(jsonPath("$.usage.completion_tokens").value(2))
                .andExpect(jsonPath("$.usage.total_tokens").value(32));
        ArgumentCaptor<InferenceRequest> sent = ArgumentCaptor.forClass(InferenceRequest.class);
        verify(engine).complete(sent.capture());
        assertThat(PromptFormat.llava15(sent.getValue().conversation()))
                .isEqualTo("be brief USER: <image>\nwhat color ASSISTANT:");
        assertThat(sent.getValue().image()).containsExactly(1, 2, 3);
        assertThat(sent.getValue().imageField()).isEqualTo("messages[1].content[1].image_url");
        assertThat(sent.getValue().sampling().maxTokens()).isEqualTo(5);
        assertThat(sent.getValue().api()).isEqualTo(InferenceRequest.Api.OPENAI);
    }

    @Test
    void streamsServerSentEventsWithNullUsageUntilTheUsageChunk() throws Exception {
        Completion done = SliceFixtures.completion("red car");
        when(engine.submit(any(), any())).thenAnswer(inv -> {
            StreamListener listener = inv.getArgument(1);
            listener.onText("red", List.of());
            listener.onText(" car", List.of());
            return new Submission("base", "base", CompletableFuture.completedFuture(done));
        });
        List<String> events = stream(body("base", true));
        assertThat(events).hasSize(6).allMatch(l -> l.startsWith("data: "));
        assertThat(events.get(0)).contains("\"role\":\"assistant\"").contains("\"object\":\"chat.completion.chunk\"")
                .contains("\"usage\":null");
        assertThat(events.get(1)).contains("\"content\":\"red\"").contains("\"usage\":null");
        assertThat(events.get(2)).contains("\"content\":\" car\"");
        assertThat(events.get(3)).contains("\"finish_reason\":\"stop\"").contains("\"usage\":null");
        assertThat(events.get(4)).contains("\"choices\":[]").contains("\"total_tokens\":32");
        assertThat(events.get(5)).isEqualTo("data: [DONE]");
    }

    @Test
    void withoutIncludeUsageChunksHaveNoUsageMemberAndLogprobsRideWithTheirText() throws Exception {
        TokenLogprob red = new TokenLogprob("red", -0.25, List.of(114, 101, 100),
                List.of(new TokenLogprob.Alternative("red", -0.25, List.of(114, 101, 100))));
        when(engine.submit(any(), any())).thenAnswer(inv -> {
            StreamListener listener = inv.getArgument(1);
            listener.onText("red", List.of(red));
            return new Submission("base", "base", CompletableFuture.completedFuture(SliceFixtures.completion("red")));
        });
        List<String> events = stream(with(Map.of("stream", true, "logprobs", true, "top_logprobs", 1)));
        assertThat(events).hasSize(4).noneMatch(e -> e.contains("\"usage\""));
        assertThat(events.get(1)).contains("\"logprobs\":{\"content\":[{\"token\":\"red\",\"logprob\":-0.25,"
                + "\"bytes\":[114,101,100],\"top_logprobs\":[{\"token\":\"red\",\"logprob\":-0.25,"
                + "\"bytes\":[114,101,100]}]}],\"refusal\":null}");
    }

    private List<String> stream(String body) throws Exception {
        MvcResult started = mvc.perform(post("/v1/chat/completions").contentType(MediaType.APPLICATION_JSON)
                        .content(body))
                .andExpect(request().asyncStarted()).andReturn();
        String text = mvc.perform(asyncDispatch(started)).andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith(MediaType.TEXT_EVENT_STREAM))
                .andReturn().getResponse().getContentAsString();
        return text.lines().filter(l -> !l.isBlank() && !l.startsWith(":")).toList();
    }

    @Test
    void honouredFieldsReachTheEngine() throws Exception {
        SamplingParams s = sent(kv("stop", List.of("\n", "END"), "logit_bias", Map.of("7", -100, "9", 5.5),
                "frequency_penalty", 1.5, "presence_penalty", -0.5, "logprobs", true, "top_logprobs", 3,
                "seed", 42, "temperature", 0.7, "top_p", 0.9, "n", 1));
        assertThat(s.stop()).containsExactly("\n", "END");
        assertThat(s.logitBias()).isEqualTo(Map.of(7, -100f, 9, 5.5f));
        assertThat(s.frequencyPenalty()).isEqualTo(1.5);
        assertThat(s.presencePenalty()).isEqualTo(-0.5);
        assertThat(s.topLogprobs()).isEqualTo(3);
        assertThat(s.seed()).isEqualTo(42);
        assertThat(s.temperature()).isEqualTo(0.7);
        assertThat(s.topP()).isEqualTo(0.9);
        assertThat(sent(Map.of("stop", "x")).stop()).containsExactly("x");
        assertThat(sent(Map.of("logprobs", true)).topLogprobs()).isZero();
        assertThat(sent(Map.of("logprobs", false)).topLogprobs()).isNull();
        assertThat(sent(Map.of("max_tokens", 3, "max_completion_tokens", 7)).maxTokens()).isEqualTo(7);
        assertThat(sent(Map.of("top_p", 0)).topP()).isPositive().isLessThan(1e-300);
        // accepted without effect on decoding (documented)
        sent(kv("user", "user-1234", "store", false, "metadata", Map.of("k", "v"), "service_tier", "auto",
                "parallel_tool_calls", true, "tools", List.of(), "tool_choice", "none", "response_format",
                Map.of("type", "text"), "modalities", List.of("text"), "safety_identifier", "s",
                "prompt_cache_key", "k"));
    }

    @Test
    void fieldsThisServerCannotHonourAreRefusedNamingTheField() throws Exception {
        refused(Map.of("tools", List.of(Map.of("type", "function", "function", Map.of("name", "f")))), "tools",
                "unsupported_parameter");
        refused(Map.of("tool_choice", "auto"), "tool_choice", "unsupported_parameter");
        refused(Map.of("functions", List.of(Map.of("name", "f"))), "functions", "unsupported_parameter");
        refused(Map.of("function_call", "auto"), "function_call", "unsupported_parameter");
        refused(Map.of("response_format", Map.of("type", "json_object")), "response_format", "unsupported_value");
        refused(Map.of("modalities", List.of("text", "audio")), "modalities", "unsupported_value");
        refused(Map.of("audio", Map.of("voice", "alloy", "format", "wav")), "audio", "unsupported_parameter");
        refused(Map.of("prediction", Map.of("type", "content", "content", "x")), "prediction",
                "unsupported_parameter");
        refused(Map.of("web_search_options", Map.of()), "web_search_options", "unsupported_parameter");
        refused(Map.of("reasoning_effort", "low"), "reasoning_effort", "unsupported_parameter");
        refused(Map.of("store", true), "store", "unsupported_value");
        refused(Map.of("service_tier", "flex"), "service_tier", "unsupported_value");
        refused(Map.of("n", 2), "n", "unsupported_value");
        refused(Map.of("n", 0), "n", "integer_below_min_value");
        refused(Map.of("stream_options", Map.of("include_usage", true)), "stream_options", "invalid_value");
        refused(Map.of("top_logprobs", 2), "top_logprobs", "invalid_value");
        refused(Map.of("logprobs", true, "top_logprobs", 21), "top_logprobs", "integer_above_max_value");
        refused(Map.of("logit_bias", Map.of("5", 101)), "logit_bias", "decimal_above_max_value");
        refused(Map.of("logit_bias", Map.of("five", 1)), "logit_bias", "invalid_value");
        refused(Map.of("frequency_penalty", 2.5), "frequency_penalty", "decimal_above_max_value");
        refused(Map.of("presence_penalty", -2.5), "presence_penalty", "decimal_below_min_value");
        refused(Map.of("temperature", 2.5), "temperature", "decimal_above_max_value");
        refused(Map.of("top_p", 1.5), "top_p", "decimal_above_max_value");
        refused(Map.of("max_completion_tokens", 0), "max_completion_tokens", "integer_below_min_value");
        refused(Map.of("max_tokens", 100_000), "max_tokens", "integer_above_max_value");
        refused(Map.of("stop", List.of("a", "b", "c", "d", "e")), "stop", "array_above_max_length");
        refused(Map.of("stop", ""), "stop", "invalid_value");
        refused(Map.of("stop", 5), "stop", "invalid_type");
        refused(Map.of("colour", "blue"), "colour", "unknown_parameter");
        verify(engine, never()).complete(any());
    }

    /** A value of the wrong JSON type is refused naming the field, never coerced (3.5 tokens read as 3). */
    @Test
    void valuesOfTheWrongTypeAreRefusedNotCoerced() throws Exception {
        mvc.perform(post("/v1/chat/completions").contentType(MediaType.APPLICATION_JSON)
                        .content(with(Map.of("max_tokens", 3.5))))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.error.param").value("max_tokens"))
                .andExpect(jsonPath("$.error.code").value("invalid_type"))
                .andExpect(jsonPath("$.error.message").value("max_tokens must be an integer."));
        refused(Map.of("seed", 1.5), "seed", "invalid_type");
        refused(Map.of("n", "2"), "n", "invalid_type");
        refused(Map.of("temperature", "0.5"), "temperature", "invalid_type");
        refused(Map.of("stream", "true"), "stream", "invalid_type");
        verify(engine, never()).complete(any());
        assertThat(sent(Map.of("max_tokens", 7, "temperature", 1)).maxTokens()).isEqualTo(7); // 1 is a number
    }

    @Test
    void aMissingModelTwoImagesAndAWrongContentTypeAre400s() throws Exception {
        mvc.perform(post("/v1/chat/completions").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.error.param").value("model"))
                .andExpect(jsonPath("$.error.code").value("missing_required_parameter"));
        String part = "{\"type\":\"image_url\",\"image_url\":{\"url\":\"" + IMAGE + "\"}}";
        mvc.perform(post("/v1/chat/completions").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"model\":\"default\",\"messages\":[{\"role\":\"user\",\"content\":[" + part + ","
                                + part + "]}]}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.error.param").value("messages[0].content[1]"))
                .andExpect(jsonPath("$.error.code").value("too_many_images"))
                .andExpect(jsonPath("$.error.message").value(org.hamcrest.Matchers.containsString("at most 1")));
        mvc.perform(post("/v1/chat/completions").contentType(MediaType.TEXT_PLAIN).content("hi"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.error.type").value("invalid_request_error"))
                .andExpect(jsonPath("$.error.code").value("invalid_content_type"));
        mvc.perform(post("/v1/chat/completions").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"model\":\"default\",\"temperature\":\"hot\",\"messages\":[]}"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.error.param").value("temperature"))
                .andExpect(jsonPath("$.error.code").value("invalid_type"))
                .andExpect(jsonPath("$.error.message").value("temperature must be a number."));
        verify(engine, never()).complete(any());
    }

    @Test
    void errorsUseOpenAisErrorObject() throws Exception {
        when(engine.complete(any())).thenThrow(ServingException.notFound("model_not_found", "no such model"));
        mvc.perform(post("/v1/chat/completions").contentType(MediaType.APPLICATION_JSON)
                        .content(body("nope", false)))
                .andExpect(status().isNotFound())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON))
                .andExpect(jsonPath("$.error.message").value("no such model"))
                .andExpect(jsonPath("$.error.type").value("invalid_request_error"))
                .andExpect(jsonPath("$.error.code").value("model_not_found"));
        mvc.perform(post("/v1/chat/completions").contentType(MediaType.APPLICATION_JSON).content("{oops"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.error.code").value("invalid_json"));
        mvc.perform(post("/v1/chat/completions").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"model\":\"default\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":"
                                + "\"image_url\",\"image_url\":{\"url\":\"https://example.com/x.png\"}}]}]}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.error.code").value("remote_image_refused"))
                .andExpect(jsonPath("$.error.param").value("messages[0].content[0].image_url"));
    }

    @Test
    void listsVariantsAsModelsAndDefaultAsAnAlias() throws Exception {
        when(registry.list()).thenReturn(List.of(SliceFixtures.base(), SliceFixtures.pruned()));
        when(registry.defaultName()).thenReturn("base-short-lvlm-r25");
        when(registry.find("base-short-lvlm-r25")).thenReturn(Optional.of(SliceFixtures.pruned()));
        when(registry.require("base-short-lvlm-r25")).thenReturn(SliceFixtures.pruned());
        when(registry.require("nope")).thenThrow(ServingException.notFound("model_not_found", "no"));
        mvc.perform(get("/v1/models"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.object").value("list"))
                .andExpect(jsonPath("$.data[0].id").value("base"))
                .andExpect(jsonPath("$.data[0].created").value(org.hamcrest.Matchers.greaterThan(1_700_000_000)))
                .andExpect(jsonPath("$.data[1].id").value("base-short-lvlm-r25"))
                .andExpect(jsonPath("$.data[1].object").value("model"))
                .andExpect(jsonPath("$.data[1].owned_by").value("lvlm-serve"))
                // no lvlm.device / lvlm.dtype and no GPU on a test machine: the CPU default
                .andExpect(jsonPath("$.data[0].device").value("cpu"))
                .andExpect(jsonPath("$.data[0].dtype").value("float32"))
                .andExpect(jsonPath("$.data[2].id").value("default"))
                .andExpect(jsonPath("$.data[2].created").value(1_767_225_600))
                .andExpect(jsonPath("$.data[2].dtype").value("float32"));
        mvc.perform(get("/v1/models/default")).andExpect(status().isOk())
                .andExpect(jsonPath("$.id").value("default")).andExpect(jsonPath("$.created").value(1_767_225_600))
                .andExpect(jsonPath("$.device").value("cpu"));
        mvc.perform(get("/v1/models/nope")).andExpect(status().isNotFound())
                .andExpect(jsonPath("$.error.code").value("model_not_found"));
    }
}
