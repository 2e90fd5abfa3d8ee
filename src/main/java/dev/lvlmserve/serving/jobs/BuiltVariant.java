package dev.lvlmserve.serving.jobs;

import ai.djl.ndarray.NDArray;
import dev.lvlmserve.model.llava.LlavaModel;
import java.util.List;
import java.util.Map;

/**
 * What a {@link VariantBuilder} produces. The model shares every untouched tensor with the base and owns its
 * replacements; whoever receives it closes it (the registry, once it is persisted).
 *
 * @param planJson the pruning plan, persisted verbatim as {@code plan.json}
 * @param replacedTensors canonical key (original layer numbering) → the variant's own tensor, for persistence
 * @param removedLayers checkpoint ids of the removed decoder layers
 * @param layerScores per-layer scores for the report (layer id → score); may be empty
 */
public record BuiltVariant(LlavaModel model, String planJson, Map<String, NDArray> replacedTensors,
        List<Integer> removedLayers, Map<Integer, Double> layerScores) {

    public BuiltVariant {
        replacedTensors = replacedTensors == null ? Map.of() : replacedTensors;
        removedLayers = List.copyOf(removedLayers);
        layerScores = layerScores == null ? Map.of() : Map.copyOf(layerScores);
    }
}
