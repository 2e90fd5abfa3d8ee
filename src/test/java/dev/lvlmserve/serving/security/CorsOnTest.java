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

/** CORS for the configured origins only; a preflight needs no key, the request itself does. */
@WebMvcTest(controllers = ModelsController.class, properties = {"lvlm.security.inference-key=secret",
        "lvlm.security.cors-allowed-origins=https://app.example"})
class CorsOnTest {
    @Autowired
    MockMvc mvc;

    @MockitoBean
    VariantRegistry registry;

    @Test
    void theConfiguredOriginIsAllowedWithoutAKeyOnThePreflightOnly() throws Exception {
        mvc.perform(options("/v1/models").header("Origin", "https://app.example")
                        .header("Access-Control-Request-Method", "GET")
                        .header("Access-Control-Request-Headers", "authorization"))
                .andExpect(status().isOk())
                .andExpect(header().string("Access-Control-Allow-Origin", "https://app.example"));
        mvc.perform(get("/v1/models").header("Origin", "https://app.example"))
                .andExpect(status().isUnauthorized());
    }

    @Test
    void otherOriginsAreRefused() throws Exception {
        mvc.perform(options("/v1/models").header("Origin", "https://evil.example")
                        .header("Access-Control-Request-Method", "GET"))
                .andExpect(status().isForbidden())
                .andExpect(header().doesNotExist("Access-Control-Allow-Origin"));
    }
}
