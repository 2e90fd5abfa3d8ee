package dev.lvlmserve.serving.variants;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.lvlmserve.model.Placement;
import dev.lvlmserve.model.clip.ClipVisionModel;
import dev.lvlmserve.model.llava.LlavaModel;
import dev.lvlmserve.model.llava.LlavaMultiModalProjector;
import dev.lvlmserve.model.llava.LlavaPipeline;
import dev.lvlmserve.model.recipe.RecipeTensors;
import dev.lvlmserve.serving.config.EngineProperties;
import dev.lvlmserve.serving.engine.FeatureCache;
import dev.lvlmserve.serving.engine.VariantWorker;
import dev.lvlmserve.serving.metrics.ServingMetrics;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns checkpoints and persisted variants into running workers: a base from its directory, a pruned variant as
 * its base's {@code derive(recipe, tensors)} with the tensors its recipe names read from {@code weights.safetensors}
 * into a manager the variant owns (everything else shared with the base, never copied). Registers each worker's
 * gauges and removes them when it is unloaded.
 */
final class VariantLoader {
    private static final Logger log = LoggerFactory.getLogger(VariantLoader.class);

    private final EngineProperties engine;
    private final Placement placement;
    private final FeatureCache cache;
    private final ServingMetrics metrics;
    private final VariantStore store;
    private final Map<String, ServingMetrics.Registration> gauges = new ConcurrentHashMap<>();

    VariantLoader(EngineProperties engine, Placement placement, FeatureCache cache, ServingMetrics metrics,
            VariantStore store) {
        this.engine = engine;
        this.placement = placement;
        this.cache = cache;
        this.metrics = metrics;
        this.store = store;
    }

    VariantWorker base(String name, Path dir) {
        log.info("loading base model {} from {} on {}", name, dir, placement.reason());
        return start(name, name, name, LlavaPipeline.load(dir, placement));
    }

    VariantWorker variant(VariantEntry e, VariantWorker base) {
        log.info("loading variant {} over {}", e.name(), e.base());
        LlavaModel baseModel = base.pipeline().model();
        NDManager owner = baseModel.manager().getEngine().newBaseManager(baseModel.manager().getDevice());
        try {
            Map<String, NDArray> tensors = new LinkedHashMap<>();
            store.tensors(e.name(), owner).forEach((k, v) -> tensors.put(k,
                    v.getDataType() == baseModel.dtype() ? v : v.toType(baseModel.dtype(), false)));
            LlavaModel model = baseModel.derive(e.recipe(), new RecipeTensors(owner, tensors));
            return start(e.name(), e.base(), visionKey(e.name(), model, base), base.pipeline().withModel(model));
        } catch (RuntimeException ex) {
            owner.close();
            throw ex;
        }
    }

    /** A worker for a built variant over {@code base}; it owns {@code pipeline}. */
    VariantWorker start(String name, VariantWorker base, LlavaPipeline pipeline) {
        return start(name, base.model(), visionKey(name, pipeline.model(), base), pipeline);
    }

    private VariantWorker start(String name, String base, String visionKey, LlavaPipeline pipeline) {
        VariantWorker w = VariantWorker.start(name, base, visionKey, pipeline, true, engine, cache, metrics);
        gauges.put(name, metrics.variant(base, name, w::waiting, w::running, pipeline.model().ownedBytes()));
        return w;
    }

    void unloaded(String name) {
        ServingMetrics.Registration r = gauges.remove(name);
        if (r != null) {
            r.close();
        }
        cache.invalidate(name); // features of a variant with its own vision weights; a no-op otherwise
    }

    /** The base's name when the variant reads the base's own vision and projector tensors, else its own name. */
    static String visionKey(String name, LlavaModel variant, VariantWorker base) {
        Map<String, NDArray> shared = base.pipeline().model().weights().asMap();
        for (Map.Entry<String, NDArray> e : variant.weights().asMap().entrySet()) {
            String k = e.getKey();
            boolean vision = k.startsWith(ClipVisionModel.PREFIX) || k.startsWith(LlavaMultiModalProjector.PREFIX);
            if (vision && e.getValue() != shared.get(k)) {
                return name;
            }
        }
        return base.model();
    }
}
