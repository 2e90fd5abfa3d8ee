package dev.lvlmserve.serving.vqa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.lvlmserve.model.image.ImageRejectedException;
import dev.lvlmserve.serving.SliceFixtures;
import dev.lvlmserve.serving.engine.InferenceEngine;
import dev.lvlmserve.serving.engine.InferenceRequest;
import dev.lvlmserve.serving.error.ServingException;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

@WebMvcTest(controllers = VqaController.class, properties = "lvlm.security.inference-key=secret")
class VqaControllerTest {
    static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G'};

    @Autowired
    MockMvc mvc;

    @MockitoBean
    InferenceEngine engine;

    @Test
    void multipartAnswersWithTimingsAndPassesEveryField() throws Exception {
        when(engine.complete(any())).thenReturn(SliceFixtures.completion("red"));
        mvc.perform(multipart("/v1/vqa").file(new MockMultipartFile("image", "a.png", "image/png", PNG))
                        .param("question", "what color").param("model", "v1").param("max_new_tokens", "7")
                        .param("temperature", "0.5").param("top_p", "0.9").param("seed", "3")
                        .header("Authorization", "Bearer secret"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.answer").value("red"))
                .andExpect(jsonPath("$.variant").value("base"))
                .andExpect(jsonPath("$.finish_reason").value("stop"))
                .andExpect(jsonPath("$.prompt_tokens").value(30))
                .andExpect(jsonPath("$.completion_tokens").value(2))
                .andExpect(jsonPath("$.timings.queue_ms").value(1.0))
                .andExpect(jsonPath("$.timings.decode_ms").value(5.0))
                .andExpect(jsonPath("$.timings.total_ms").value(15.0));
        ArgumentCaptor<InferenceRequest> sent = ArgumentCaptor.forClass(InferenceRequest.class);
        verify(engine).complete(sent.capture());
        InferenceRequest r = sent.getValue();
        assertThat(r.model()).isEqualTo("v1");
        assertThat(r.image()).isEqualTo(PNG);
        assertThat(r.sampling().maxTokens()).isEqualTo(7);
        assertThat(r.sampling().topP()).isEqualTo(0.9);
        assertThat(r.sampling().seed()).isEqualTo(3L);
        assertThat(r.api()).isEqualTo(InferenceRequest.Api.VQA);
    }

    @Test
    void jsonDecodesBase64AndDataUris() throws Exception {
        when(engine.complete(any())).thenReturn(SliceFixtures.completion("two"));
        String dataUri = "data:image/png;base64," + Base64.getEncoder().encodeToString(PNG);
        mvc.perform(post("/v1/vqa").contentType(MediaType.APPLICATION_JSON).header("Authorization", "Bearer secret")
                        .content("{\"image\":\"" + dataUri + "\",\"question\":\"how many\"}"))
                .andExpect(status().isOk()).andExpect(jsonPath("$.answer").value("two"));
        ArgumentCaptor<InferenceRequest> sent = ArgumentCaptor.forClass(InferenceRequest.class);
        verify(engine).complete(sent.capture());
        assertThat(sent.getValue().image()).isEqualTo(PNG);
    }

    @Test
    void badInputIsAProblemDetail() throws Exception {
        mvc.perform(post("/v1/vqa").contentType(MediaType.APPLICATION_JSON).header("Authorization", "Bearer secret")
                        .content("{\"image\":\"%%%\",\"question\":\"q\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.code").value("invalid_base64"))
                .andExpect(jsonPath("$.param").value("image"));
        mvc.perform(post("/v1/vqa").contentType(MediaType.APPLICATION_JSON).header("Authorization", "Bearer secret")
                        .content("{\"image\":\"AAAA\"}"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.param").value("question"));
        mvc.perform(post("/v1/vqa").contentType(MediaType.TEXT_PLAIN).header("Authorization", "Bearer secret")
                        .content("hi"))
                .andExpect(status().isUnsupportedMediaType())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
    }

    @Test
    void engineErrorsKeepTheirStatus() throws Exception {
        when(engine.complete(any())).thenThrow(ServingException.unavailable("queue_full", "busy", 2));
        mvc.perform(multipart("/v1/vqa").file(new MockMultipartFile("image", PNG)).param("question", "q")
                        .header("Authorization", "Bearer secret"))
                .andExpect(status().isServiceUnavailable())
                .andExpect(header().string("Retry-After", "2"))
                .andExpect(jsonPath("$.code").value("queue_full"));
        doThrow(new ImageRejectedException(ImageRejectedException.Reason.TOO_MANY_PIXELS, "too big"))
                .when(engine).complete(any());
        mvc.perform(multipart("/v1/vqa").file(new MockMultipartFile("image", PNG)).param("question", "q")
                        .header("Authorization", "Bearer secret"))
                .andExpect(status().isContentTooLarge())
                .andExpect(jsonPath("$.code").value("image_too_many_pixels"));
    }

    @Test
    void theInferenceKeyIsRequiredWhenConfigured() throws Exception {
        mvc.perform(multipart("/v1/vqa").file(new MockMultipartFile("image", PNG)).param("question", "q"))
                .andExpect(status().isUnauthorized()).andExpect(jsonPath("$.code").value("missing_api_key"));
        mvc.perform(multipart("/v1/vqa").file(new MockMultipartFile("image", PNG)).param("question", "q")
                        .header("Authorization", "Bearer wrong"))
                .andExpect(status().isUnauthorized()).andExpect(jsonPath("$.code").value("invalid_api_key"));
    }
}
