package dev.lvlmserve.pruning.plan;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.lvlmserve.model.config.Json;
import dev.lvlmserve.pruning.compensation.ScpTarget;
import dev.lvlmserve.pruning.scoring.TokenSelection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The report of one prune: how its {@link dev.lvlmserve.model.recipe.VariantRecipe} was found (DESIGN §3 "Output of
 * a prune", §4). The recipe says what the variant is; this says why — per-layer scores, SCP pairs, ranks and singular
 * values, the width cuts, the calibration hash, seed, parameters and timings. It travels inside the recipe as its
 * {@code report}. Layer ids are the base model's checkpoint ids; {@code removed_layers} repeats what the layer pass
 * chose. Format 1 (before recipes) had no {@code width} and {@code parameters}; it still reads.
 *
 * @param baseModelHash {@link ModelFingerprint} of the base model, checked when the plan is applied
 * @param scoredBy the token selection the ranking used; null for last-n, random and enumerate
 * @param scpTarget the weights SCP edited; null when SCP did not run
 * @param metrics method-specific numbers (e.g. {@code enumerate.best_score}, {@code enumerate.evaluated})
 * @param timingsMs wall time per stage, in stage order
 * @param width the cuts of a width method; null for layer methods
 * @param parameters decoder and whole-model parameters before and after; null in format 1
 * @param passes the passes that ran, in order; empty in format 1
 */
public record PruningPlan(
        @JsonProperty("format_version") int formatVersion,
        @JsonProperty("base_model_id") String baseModelId,
        @JsonProperty("base_model_hash") String baseModelHash,
        @JsonProperty("method") PruningMethod method,
        @JsonProperty("options") PruneOptions options,
        @JsonProperty("ratio") double ratio,
        @JsonProperty("seed") long seed,
        @JsonProperty("total_layers") int totalLayers,
        @JsonProperty("candidate_layers") List<Integer> candidateLayers,
        @JsonProperty("scored_by") TokenSelection scoredBy,
        @JsonProperty("removed_layers") List<Integer> removedLayers,
        @JsonProperty("layer_scores") List<LayerScore> layerScores,
        @JsonProperty("scp_target") ScpTarget scpTarget,
        @JsonProperty("compensation") List<CompensationRecord> compensation,
        @JsonProperty("calibration_hash") String calibrationHash,
        @JsonProperty("calibration_size") int calibrationSize,
        @JsonProperty("metrics") Map<String, Double> metrics,
        @JsonProperty("timings_ms") Map<String, Long> timingsMs,
        @JsonProperty("width") WidthBudget width,
        @JsonProperty("parameters") ParameterReport parameters,
        @JsonProperty("passes") List<String> passes) {
    public static final int FORMAT_VERSION = 2;

    public PruningPlan {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(candidateLayers, "candidate_layers");
        Objects.requireNonNull(removedLayers, "removed_layers");
        options = options == null ? PruneOptions.DEFAULT : options;
        candidateLayers = List.copyOf(candidateLayers);
        removedLayers = removedLayers.stream().sorted().toList();
        layerScores = layerScores == null ? List.of() : List.copyOf(layerScores);
        compensation = compensation == null ? List.of() : List.copyOf(compensation);
        metrics = ordered(metrics);
        timingsMs = ordered(timingsMs);
        passes = passes == null ? List.of() : List.copyOf(passes);
        if (!candidateLayers.containsAll(removedLayers)) {
            throw new IllegalArgumentException("removed layers " + removedLayers + " are not all candidates "
                    + candidateLayers);
        }
    }

    private static <V> Map<String, V> ordered(Map<String, V> m) {
        return m == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(m));
    }

    /** True when the plan removes nothing (the variant is the base model). */
    @JsonIgnore
    public boolean isEmpty() {
        return removedLayers.isEmpty() && (width == null || width.removesNothing());
    }

    public PruningPlan withTimings(Map<String, Long> timings) {
        return new PruningPlan(formatVersion, baseModelId, baseModelHash, method, options, ratio, seed, totalLayers,
                candidateLayers, scoredBy, removedLayers, layerScores, scpTarget, compensation, calibrationHash,
                calibrationSize, metrics, timings, width, parameters, passes);
    }

    /** The plan without wall-clock numbers: equal for equal inputs (reproducibility checks). */
    public PruningPlan withoutTimings() {
        return withTimings(Map.of());
    }

    public String toJson() {
        return Json.MAPPER.writeValueAsString(this);
    }

    public JsonNode toJsonNode() {
        return Json.MAPPER.valueToTree(this);
    }

    /** The report inside a recipe. */
    public static PruningPlan fromJson(JsonNode report) {
        return fromJson(Json.MAPPER.writeValueAsString(report));
    }

    public static PruningPlan fromJson(String json) {
        try {
            PruningPlan plan = Json.MAPPER.readValue(json, PruningPlan.class);
            if (plan.formatVersion() > FORMAT_VERSION) {
                throw new IllegalArgumentException("pruning plan format " + plan.formatVersion()
                        + " is newer than this reader (" + FORMAT_VERSION + ")");
            }
            return plan;
        } catch (JacksonException e) {
            throw new IllegalArgumentException("not a valid pruning plan: " + e.getOriginalMessage(), e);
        }
    }
}
