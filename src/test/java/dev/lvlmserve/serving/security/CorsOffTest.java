package dev.lvlmserve.serving.security;

import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.options;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.lvlmserve.serving.SliceFixtures;
import dev.lvlmserve.serving.openai.ModelsController;
import dev.lvlmserve.serving.variants.VariantRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

/** CORS is off by default: no origin is allowed, and a preflight is not an error. */
@WebMvcTest(controllers = ModelsController.class, properties = "lvlm.security.inference-key=secret")
class CorsOffTest {
    @Autowired
    MockMvc mvc;

    @MockitoBean
    VariantRegistry registry;

    @Test
    void noOriginIsAllowedAndAPreflightIsNotAnError() throws Exception {
        mvc.perform(options("/v1/models").header("Origin", "https://app.example")
                        .header("Access-Control-Request-Method", "GET"))
                .andExpect(header().doesNotExist("Access-Control-Allow-Origin"));
        when(registry.list()).thenReturn(List.of(SliceFixtures.base()));
        mvc.perform(get("/v1/models").header("Origin", "https://app.example")
                        .header("Authorization", "Bearer secret"))
                .andExpect(status().isOk()).andExpect(header().doesNotExist("Access-Control-Allow-Origin"));
    }
}
