package dev.lvlmserve.pruning.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lvlmserve.model.config.Json;
import dev.lvlmserve.pruning.calibration.FeaturePooling;
import dev.lvlmserve.pruning.compensation.ScpTarget;
import dev.lvlmserve.pruning.compensation.SvdStrategy;
import dev.lvlmserve.pruning.scoring.TokenOptions;
import dev.lvlmserve.pruning.scoring.TokenSelection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class PruningPlanJsonTest {
    static PruningPlan plan() {
        PruneOptions options = PruneOptions.DEFAULT.withTokens(new TokenOptions(0.25, true)).withRank(3)
                .withScpTarget(ScpTarget.INPUT_SIDE).withFeaturePooling(FeaturePooling.STACKED)
                .withSvd(SvdStrategy.GRAM).withCandidateLayers(List.of(4, 5, 6, 7));
        Map<String, Double> sim = new LinkedHashMap<>();
        sim.put("all", 0.91);
        sim.put("kept-per-modality", 0.987654321012345);
        Map<String, Long> timings = new LinkedHashMap<>();
        timings.put("calibrate", 1234L);
        timings.put("apply", 5L);
        return new PruningPlan(PruningPlan.FORMAT_VERSION, "llava-1.5-7b", "sha256:abc", PruningMethod.SHORT_LVLM,
                options, 0.25, 42, 8, List.of(4, 5, 6, 7), TokenSelection.KEPT_PER_MODALITY, List.of(6, 5),
                List.of(new LayerScore(5, 0.987654321012345, sim), new LayerScore(6, 0.5, Map.of())),
                ScpTarget.INPUT_SIDE, List.of(new CompensationRecord(5, 4, 2, 3, 64, List.of(3.25, 1e-3)),
                        new CompensationRecord(6, 7, 0, 3, 64, List.of())),
                "sha256:def", 16, Map.of("enumerate.best_score", 0.75), timings,
                new WidthBudget(GqaMode.HEADS, 0.2, List.of(new WidthBudget.LayerCut(3, 0, 1, 12)), 4096),
                new ParameterReport(1000, 800, 50, 2000, 1800), List.of("layer-scores", "remove-layers"));
    }

    @Test
    void roundTripsThroughJson() {
        PruningPlan p = plan();
        assertEquals(p, PruningPlan.fromJson(p.toJson()));
        assertEquals(List.of(5, 6), p.removedLayers()); // stored sorted
        PruningPlan empty = new PruningPlan(2, null, null, PruningMethod.RANDOM, PruneOptions.DEFAULT, 0, 0, 4,
                List.of(2, 3), null, List.of(), null, null, null, null, 0, null, null, null, null, null);
        assertEquals(empty, PruningPlan.fromJson(empty.toJson()));
        assertTrue(empty.isEmpty());
    }

    @Test
    void fieldNamesAreStable() {
        JsonNode root = Json.MAPPER.readTree(plan().toJson());
        assertEquals(new TreeSet<>(Set.of("format_version", "base_model_id", "base_model_hash", "method", "options",
                "ratio", "seed", "total_layers", "candidate_layers", "scored_by", "removed_layers", "layer_scores",
                "scp_target", "compensation", "calibration_hash", "calibration_size", "metrics", "timings_ms",
                "width", "parameters", "passes")), new TreeSet<>(root.propertyNames()));
        assertEquals(new TreeSet<>(Set.of("tokens", "candidate_layers", "compensate", "rank", "scp_target",
                "feature_pooling", "stacked_row_cap", "svd", "enumeration_cap", "capture_budget_bytes", "gqa",
                "remove_heads", "delta_mode", "gradient_budget_bytes")),
                new TreeSet<>(root.get("options").propertyNames()));
        assertEquals(new TreeSet<>(Set.of("gqa", "fraction", "layers", "removed_parameters")),
                new TreeSet<>(root.get("width").propertyNames()));
        assertEquals(new TreeSet<>(Set.of("layer", "remove_kv_heads", "remove_heads_per_group", "remove_neurons")),
                new TreeSet<>(root.get("width").get("layers").get(0).propertyNames()));
        assertEquals(0.2, root.get("parameters").get("decoder_removed_fraction").asDouble(), 1e-12);
        assertEquals("short-lvlm", root.get("method").asString());
        assertEquals("input-side", root.get("scp_target").asString());
        assertEquals("kept-per-modality", root.get("scored_by").asString());
        assertEquals("stacked", root.get("options").get("feature_pooling").asString());
        assertEquals(new TreeSet<>(Set.of("removed", "retained", "rank", "requested_rank", "feature_rows",
                "singular_values")), new TreeSet<>(root.get("compensation").get(0).propertyNames()));
        assertEquals(new TreeSet<>(Set.of("keep_fraction", "per_modality")),
                new TreeSet<>(root.get("options").get("tokens").propertyNames()));
    }

    @Test
    void withoutTimingsDropsOnlyTheTimings() {
        PruningPlan p = plan();
        assertEquals(Map.of(), p.withoutTimings().timingsMs());
        assertEquals(p.removedLayers(), p.withoutTimings().removedLayers());
    }

    @Test
    void aFormatOnePlanStillReads() {
        String v1 = "{\"format_version\":1,\"base_model_id\":\"m\",\"method\":\"tis\",\"ratio\":0.25,"
                + "\"seed\":0,\"calibration_size\":4,\"total_layers\":8,\"candidate_layers\":[4,5,6,7],"
                + "\"removed_layers\":[6,7]}";
        PruningPlan p = PruningPlan.fromJson(v1);
        assertEquals(List.of(6, 7), p.removedLayers());
        assertEquals(List.of(), p.passes());
        assertEquals(null, p.width());
    }

    @Test
    void malformedOrFuturePlansAreRejectedClearly() {
        assertThrows(IllegalArgumentException.class, () -> PruningPlan.fromJson("{\"method\": \"nope\"}"));
        assertThrows(IllegalArgumentException.class, () -> PruningPlan.fromJson("not json"));
        String future = plan().toJson().replace("\"format_version\" : 2", "\"format_version\" : 99");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PruningPlan.fromJson(future)).getMessage()
                .contains("newer"));
    }
}
