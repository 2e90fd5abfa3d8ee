package dev.lvlmserve.model.recipe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lvlmserve.model.config.Json;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class VariantRecipeJsonTest {
    static VariantRecipe recipe() {
        JsonNode report = Json.MAPPER.readTree("{\"method\": \"short-lvlm\", \"ratio\": 0.25}");
        return VariantRecipe.empty(new VariantRecipe.Base("scenes", "sha256:abc", 16))
                .withRemovedLayers(List.of(11, 9))
                .withWidths(Map.of(3, new LayerWidth(List.of(0, 1, 3, 4), null, List.of(0, 2, 7)),
                        4, new LayerWidth(List.of(0, 1, 2), List.of(0), null)))
                .withDeltas(List.of(new LowRankDelta("scp.10.mlp.down_proj",
                        "language_model.model.layers.10.mlp.down_proj.weight", 3, 1.0, "scp")))
                .withReplacements(List.of("language_model.model.layers.10.mlp.down_proj.bias"))
                .withDeltaMode(DeltaMode.MATERIALIZED).withReport(report);
    }

    @Test
    void roundTripsThroughJson() {
        VariantRecipe r = recipe();
        assertEquals(r, VariantRecipe.fromJson(r.toJson()));
        assertEquals(List.of(9, 11), r.removedLayers());
        VariantRecipe empty = VariantRecipe.empty(new VariantRecipe.Base("b", null, 2));
        assertEquals(empty, VariantRecipe.fromJson(empty.toJson()));
        assertTrue(empty.isEmpty());
        assertEquals(Set.of("language_model.model.layers.10.mlp.down_proj.bias", "delta.scp.10.mlp.down_proj.A",
                "delta.scp.10.mlp.down_proj.B"), r.tensorKeys());
    }

    @Test
    void fieldNamesAreStable() {
        JsonNode root = Json.MAPPER.readTree(recipe().toJson());
        assertEquals(new TreeSet<>(Set.of("format_version", "base", "removed_layers", "widths", "deltas",
                "delta_mode", "replacements", "report")), new TreeSet<>(root.propertyNames()));
        assertEquals(2, root.get("format_version").asInt());
        assertEquals(new TreeSet<>(Set.of("id", "fingerprint", "num_layers")),
                new TreeSet<>(root.get("base").propertyNames()));
        assertEquals(new TreeSet<>(Set.of("heads", "neurons")), new TreeSet<>(root.get("widths").get("3")
                .propertyNames()));
        assertEquals(new TreeSet<>(Set.of("id", "target", "rank", "scale", "kind")),
                new TreeSet<>(root.get("deltas").get(0).propertyNames()));
        assertEquals("materialized", root.get("delta_mode").asString());
    }

    @Test
    void malformedOldAndFutureRecipesAreRejectedClearly() {
        assertThrows(IllegalArgumentException.class, () -> VariantRecipe.fromJson("not json"));
        String old = recipe().toJson().replace("\"format_version\" : 2", "\"format_version\" : 1");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> VariantRecipe.fromJson(old)).getMessage()
                .contains("format 1"));
        String removedTwice = "{\"format_version\":2,\"base\":{\"id\":\"b\",\"num_layers\":4},"
                + "\"removed_layers\":[1,1]}";
        assertTrue(assertThrows(IllegalArgumentException.class, () -> VariantRecipe.fromJson(removedTwice))
                .getMessage().contains("repeats"));
        String both = "{\"format_version\":2,\"base\":{\"id\":\"b\",\"num_layers\":4},\"removed_layers\":[1],"
                + "\"widths\":{\"1\":{\"neurons\":[0]}}}";
        assertTrue(assertThrows(IllegalArgumentException.class, () -> VariantRecipe.fromJson(both)).getMessage()
                .contains("removed and narrowed"));
    }
}
