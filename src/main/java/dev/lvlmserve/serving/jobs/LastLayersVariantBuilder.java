package dev.lvlmserve.serving.jobs;

import dev.lvlmserve.model.config.LlavaConfig;
import dev.lvlmserve.model.llava.LlavaModel;
import dev.lvlmserve.model.llava.LlavaPipeline;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The "last-n" baseline of the Short-LVLM paper (§3, Table 2): remove the last round(r·L) decoder layers, no
 * calibration, no compensation. Its layer score is the layer's relative depth (what the method ranks by), so the
 * report shows why the deepest layers went.
 */
@Component
public class LastLayersVariantBuilder implements VariantBuilder {
    public static final String METHOD = "last-n";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Override
    public String method() {
        return METHOD;
    }

    @Override
    public void validate(PruneSpec spec, LlavaConfig base) {
        if (!spec.options().isEmpty()) {
            throw new IllegalArgumentException("last-n takes no options, got " + spec.options().keySet());
        }
    }

    @Override
    public BuiltVariant build(LlavaPipeline base, PruneSpec spec, ProgressSink progress, BooleanSupplier cancelled) {
        progress.stage("selecting layers");
        List<Integer> ids = base.model().languageModel().layerIds();
        int n = spec.layersToRemove(ids.size());
        if (n < 1 || n >= ids.size()) {
            throw new IllegalArgumentException("ratio " + spec.ratio() + " removes " + n + " of " + ids.size()
                    + " layers");
        }
        List<Integer> removed = List.copyOf(ids.subList(ids.size() - n, ids.size()));
        Map<Integer, Double> scores = new LinkedHashMap<>();
        for (int i = 0; i < ids.size(); i++) {
            scores.put(ids.get(i), ids.size() == 1 ? 1.0 : (double) i / (ids.size() - 1));
        }
        progress.progress(0.5);
        if (cancelled.getAsBoolean()) {
            throw new CancellationException("cancelled before deriving the variant");
        }
        progress.stage("deriving");
        LlavaModel variant = base.model().withoutLayers(removed);
        progress.progress(1.0);
        return new BuiltVariant(variant, plan(spec, ids.size(), removed, scores), Map.of(), removed, scores);
    }

    private static String plan(PruneSpec spec, int numLayers, List<Integer> removed, Map<Integer, Double> scores) {
        ObjectNode plan = JSON.createObjectNode();
        plan.put("method", METHOD).put("base", spec.base()).put("ratio", spec.ratio()).put("num_layers", numLayers);
        removed.forEach(plan.putArray("removed_layers")::add);
        ObjectNode s = plan.putObject("layer_scores");
        scores.forEach((layer, score) -> s.put(Integer.toString(layer), score));
        plan.put("score", "relative depth");
        plan.put("seed", spec.seed());
        return JSON.writeValueAsString(plan);
    }
}
