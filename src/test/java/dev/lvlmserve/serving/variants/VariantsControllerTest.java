package dev.lvlmserve.serving.variants;

import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.lvlmserve.serving.SliceFixtures;
import dev.lvlmserve.serving.error.ServingException;
import java.io.ByteArrayInputStream;
import java.util.List;
import javax.imageio.ImageIO;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

@WebMvcTest(controllers = VariantsController.class, properties = "lvlm.security.admin-key=admin")
class VariantsControllerTest {
    static final String PRUNED = "base-short-lvlm-r25";

    @Autowired
    MockMvc mvc;

    @MockitoBean
    VariantRegistry registry;

    @Test
    void listsAndShowsVariantsWithTheirRecipe() throws Exception {
        when(registry.list()).thenReturn(List.of(SliceFixtures.base(), SliceFixtures.pruned()));
        when(registry.defaultName()).thenReturn(PRUNED);
        when(registry.isLoaded(PRUNED)).thenReturn(true);
        when(registry.require(PRUNED)).thenReturn(SliceFixtures.pruned());
        when(registry.find("base")).thenReturn(java.util.Optional.of(SliceFixtures.base()));
        when(registry.baseShape("base")).thenReturn(SliceFixtures.BASE_SHAPE);
        mvc.perform(get("/v1/variants"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.default").value(PRUNED))
                .andExpect(jsonPath("$.variants[0].name").value("base"))
                .andExpect(jsonPath("$.variants[0].default").value(false))
                .andExpect(jsonPath("$.variants[1].removed_layers[0]").value(3))
                .andExpect(jsonPath("$.variants[1].retained_layers").value(3))
                .andExpect(jsonPath("$.variants[1].method").value("short-lvlm"))
                .andExpect(jsonPath("$.variants[1].owned_percent_of_base").value(1.0))
                .andExpect(jsonPath("$.variants[1].recipe").doesNotExist())
                .andExpect(jsonPath("$.variants[1].layers").doesNotExist());
        mvc.perform(get("/v1/variants/" + PRUNED))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.base").value("base"))
                .andExpect(jsonPath("$.parameters").value(800))
                .andExpect(jsonPath("$.loaded").value(true))
                .andExpect(jsonPath("$.default").value(true))
                .andExpect(jsonPath("$.gate.min_retention").value(0.5))
                .andExpect(jsonPath("$.recipe.removed_layers[0]").value(3))
                .andExpect(jsonPath("$.recipe.deltas[0].rank").value(3))
                .andExpect(jsonPath("$.recipe.widths.1.heads[1]").value(2))
                .andExpect(jsonPath("$.recipe.report.method").value("short-lvlm"))
                .andExpect(jsonPath("$.layers.length()").value(3))
                .andExpect(jsonPath("$.layers[1].layer").value(1))
                .andExpect(jsonPath("$.layers[1].heads").value(2))
                .andExpect(jsonPath("$.layers[1].kv_heads").value(2))
                .andExpect(jsonPath("$.layers[1].neurons").value(48))
                .andExpect(jsonPath("$.layers[2].delta_rank").value(3));
    }

    @Test
    void unknownVariantIs404Problem() throws Exception {
        when(registry.require("nope")).thenThrow(ServingException.notFound("model_not_found", "no"));
        mvc.perform(get("/v1/variants/nope")).andExpect(status().isNotFound())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.status").value(404));
        mvc.perform(get("/v1/variants/nope/report")).andExpect(status().isNotFound())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
    }

    @Test
    void activationAndDeletionNeedTheAdminKey() throws Exception {
        mvc.perform(post("/v1/variants/" + PRUNED + "/activate")).andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.code").value("missing_admin_key"));
        mvc.perform(delete("/v1/variants/" + PRUNED).header("X-Admin-Key", "wrong"))
                .andExpect(status().isForbidden());
        verify(registry, never()).activate(PRUNED);
        when(registry.activate(PRUNED)).thenReturn(SliceFixtures.pruned());
        when(registry.defaultName()).thenReturn(PRUNED);
        mvc.perform(post("/v1/variants/" + PRUNED + "/activate").header("X-Admin-Key", "admin"))
                .andExpect(status().isOk()).andExpect(jsonPath("$.default").value(true));
        mvc.perform(delete("/v1/variants/x").header("X-Admin-Key", "admin")).andExpect(status().isNoContent());
        verify(registry).delete("x");
        doThrow(ServingException.conflict("default_variant", "it is the default")).when(registry).delete(PRUNED);
        mvc.perform(delete("/v1/variants/" + PRUNED).header("X-Admin-Key", "admin"))
                .andExpect(status().isConflict()).andExpect(jsonPath("$.code").value("default_variant"));
    }

    @Test
    void reportIsAPng() throws Exception {
        when(registry.require(PRUNED)).thenReturn(SliceFixtures.pruned());
        when(registry.baseShape("base")).thenReturn(SliceFixtures.BASE_SHAPE);
        byte[] png = mvc.perform(get("/v1/variants/" + PRUNED + "/report")).andExpect(status().isOk())
                .andExpect(content().contentType(MediaType.IMAGE_PNG)).andReturn().getResponse().getContentAsByteArray();
        Assertions.assertThat(ImageIO.read(new ByteArrayInputStream(png)).getHeight()).isGreaterThan(800);
    }
}
