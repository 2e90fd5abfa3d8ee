package dev.lvlmserve.serving.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.asyncDispatch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.request;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.lvlmserve.serving.SliceFixtures;
import dev.lvlmserve.serving.engine.Completion;
import dev.lvlmserve.serving.engine.InferenceEngine;
import dev.lvlmserve.serving.engine.InferenceRequest;
import dev.lvlmserve.serving.engine.StreamListener;
import dev.lvlmserve.serving.engine.Submission;
import dev.lvlmserve.serving.error.ServingException;
import dev.lvlmserve.serving.variants.VariantRegistry;
import java.util.Base64;
import java.util.List;
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

@WebMvcTest(controllers = {ChatCompletionsController.class, ModelsController.class})
@Import(ImageUrlResolver.class)
class ChatCompletionsControllerTest {
    static final String IMAGE = "data:image/png;base64," + Base64.getEncoder().encodeToString(new byte[] {1, 2, 3});

    @Autowired
    MockMvc mvc;

    @MockitoBean
    InferenceEngine engine;

    @MockitoBean
    VariantRegistry registry;

    static String body(String model, boolean stream) {
        return """
                {"model": "%s", "stream": %s, "stream_options": {"include_usage": true}, "max_tokens": 5,
                 "user": "ignored-field",
                 "messages": [{"role": "system", "content": "be brief"},
                              {"role": "user", "content": [{"type": "text", "text": "what color"},
                                                           {"type": "image_url", "image_url": {"url": "%s"}}]}]}
                """.formatted(model, stream, IMAGE);
    }

    @Test
    void answersInOpenAisShape() throws Exception {
        when(engine.complete(any())).thenReturn(SliceFixtures.completion("red"));
        mvc.perform(post("/v1/chat/completions").contentType(MediaType.APPLICATION_JSON)
                        .content(body("default", false)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.object").value("chat.completion"))
                .andExpect(jsonPath("$.model").value("base"))
                .andExpect(jsonPath("$.choices[0].index").value(0))
                .andExpect(jsonPath("$.choices[0].message.role").value("assistant"))
                .andExpect(jsonPath("$.choices[0].message.content").value("red"))
                .andExpect(jsonPath("$.choices[0].finish_reason").value("stop"))
                .andExpect(jsonPath("$.usage.prompt_tokens").value(30))
                .andExpect(jsonPath("$.usage.completion_tokens").value(2))
                .andExpect(jsonPath("$.usage.total_tokens").value(32));
        ArgumentCaptor<InferenceRequest> sent = ArgumentCaptor.forClass(InferenceRequest.class);
        verify(engine).complete(sent.capture());
        assertThat(sent.getValue().question()).isEqualTo("be brief\nwhat color");
        assertThat(sent.getValue().image()).containsExactly(1, 2, 3);
        assertThat(sent.getValue().sampling().maxTokens()).isEqualTo(5);
        assertThat(sent.getValue().api()).isEqualTo(InferenceRequest.Api.OPENAI);
    }

    @Test
    void streamsServerSentEventsEndingInDone() throws Exception {
        Completion done = SliceFixtures.completion("red car");
        when(engine.submit(any(), any())).thenAnswer(inv -> {
            StreamListener listener = inv.getArgument(1);
            listener.onText("red");
            listener.onText(" car");
            return new Submission("base", "base", CompletableFuture.completedFuture(done));
        });
        MvcResult started = mvc.perform(post("/v1/chat/completions").contentType(MediaType.APPLICATION_JSON)
                        .content(body("base", true)))
                .andExpect(request().asyncStarted()).andReturn();
        String body = mvc.perform(asyncDispatch(started)).andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith(MediaType.TEXT_EVENT_STREAM))
                .andReturn().getResponse().getContentAsString();
        List<String> events = body.lines().filter(l -> !l.isBlank()).toList();
        assertThat(events).hasSize(6).allMatch(l -> l.startsWith("data: "));
        assertThat(events.get(0)).contains("\"role\":\"assistant\"").contains("\"object\":\"chat.completion.chunk\"");
        assertThat(events.get(1)).contains("\"content\":\"red\"");
        assertThat(events.get(2)).contains("\"content\":\" car\"");
        assertThat(events.get(3)).contains("\"finish_reason\":\"stop\"");
        assertThat(events.get(4)).contains("\"choices\":[]").contains("\"total_tokens\":32");
        assertThat(events.get(5)).isEqualTo("data: [DONE]");
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
        mvc.perform(post("/v1/chat/completions").contentType(MediaType.TEXT_PLAIN).content("hi"))
                .andExpect(status().isUnsupportedMediaType()).andExpect(jsonPath("$.error.message").exists());
        mvc.perform(post("/v1/chat/completions").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\","
                                + "\"image_url\":{\"url\":\"https://example.com/x.png\"}}]}]}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.error.code").value("remote_image_refused"))
                .andExpect(jsonPath("$.error.param").value("messages"));
        mvc.perform(post("/v1/chat/completions").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"n\": 2, \"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.error.param").value("n"));
    }

    @Test
    void listsVariantsAsModels() throws Exception {
        when(registry.list()).thenReturn(List.of(SliceFixtures.base(), SliceFixtures.pruned()));
        when(registry.require("nope")).thenThrow(ServingException.notFound("model_not_found", "no"));
        mvc.perform(get("/v1/models"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.object").value("list"))
                .andExpect(jsonPath("$.data[0].id").value("base"))
                .andExpect(jsonPath("$.data[1].id").value("base-short-lvlm-r25"))
                .andExpect(jsonPath("$.data[1].object").value("model"))
                .andExpect(jsonPath("$.data[1].owned_by").value("lvlm-serve"))
                // no lvlm.device / lvlm.dtype and no GPU on a test machine: the CPU default
                .andExpect(jsonPath("$.data[0].device").value("cpu"))
                .andExpect(jsonPath("$.data[0].dtype").value("float32"));
        mvc.perform(get("/v1/models/nope")).andExpect(status().isNotFound())
                .andExpect(jsonPath("$.error.code").value("model_not_found"));
    }
}
