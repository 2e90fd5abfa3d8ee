package dev.lvlmserve.model.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lvlmserve.model.io.KeyMapping.Vintage;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KeyMappingTest {
    /** The same weights, as the two llava-hf vintages name them. */
    private static final List<String> LEGACY = List.of(
            "language_model.model.embed_tokens.weight",
            "language_model.model.layers.0.self_attn.q_proj.weight",
            "language_model.model.norm.weight",
            "language_model.lm_head.weight",
            "vision_tower.vision_model.embeddings.patch_embedding.weight",
            "vision_tower.vision_model.pre_layrnorm.weight",
            "multi_modal_projector.linear_1.weight",
            "multi_modal_projector.linear_2.bias");
    private static final List<String> MODERN = List.of(
            "model.language_model.embed_tokens.weight",
            "model.language_model.layers.0.self_attn.q_proj.weight",
            "model.language_model.norm.weight",
            "lm_head.weight",
            "model.vision_tower.vision_model.embeddings.patch_embedding.weight",
            "model.vision_tower.vision_model.pre_layrnorm.weight",
            "model.multi_modal_projector.linear_1.weight",
            "model.multi_modal_projector.linear_2.bias");

    @Test
    void bothVintagesMapToTheSameCanonicalNames() {
        for (int i = 0; i < LEGACY.size(); i++) {
            assertEquals(LEGACY.get(i), KeyMapping.canonical(LEGACY.get(i)), "legacy is canonical");
            assertEquals(LEGACY.get(i), KeyMapping.canonical(MODERN.get(i)));
        }
    }

    @Test
    void toVintageInvertsCanonical() {
        for (int i = 0; i < LEGACY.size(); i++) {
            assertEquals(MODERN.get(i), KeyMapping.toVintage(LEGACY.get(i), Vintage.MODERN));
            assertEquals(LEGACY.get(i), KeyMapping.toVintage(LEGACY.get(i), Vintage.LEGACY));
            assertEquals(MODERN.get(i), KeyMapping.toVintage(KeyMapping.canonical(MODERN.get(i)), Vintage.MODERN));
        }
    }

    @Test
    void unknownKeysPassThrough() {
        assertEquals("image_newline", KeyMapping.canonical("image_newline"));
        assertEquals("image_newline", KeyMapping.toVintage("image_newline", Vintage.MODERN));
    }

    @Test
    void detectsEachVintage() {
        assertEquals(Vintage.LEGACY, KeyMapping.detect(Set.copyOf(LEGACY)));
        assertEquals(Vintage.MODERN, KeyMapping.detect(Set.copyOf(MODERN)));
        assertEquals(Vintage.LEGACY, KeyMapping.detect(Set.of()));
    }

    @Test
    void mixedVintagesAreRejectedWithExamples() {
        CheckpointException e = assertThrows(CheckpointException.class,
                () -> KeyMapping.detect(Set.of("lm_head.weight", "language_model.model.norm.weight")));
        assertTrue(e.getMessage().contains("mixes key vintages"), e.getMessage());
        assertTrue(e.getMessage().contains("lm_head.weight"), e.getMessage());
        assertTrue(e.getMessage().contains("language_model.model.norm.weight"), e.getMessage());
    }

    @Test
    void ignorableBuffers() {
        assertTrue(KeyMapping.ignorable("language_model.model.layers.3.self_attn.rotary_emb.inv_freq"));
        assertTrue(KeyMapping.ignorable("vision_tower.vision_model.embeddings.position_ids"));
        assertFalse(KeyMapping.ignorable("vision_tower.vision_model.embeddings.position_embedding.weight"));
        assertFalse(KeyMapping.ignorable("language_model.model.norm.weight"));
    }
}
