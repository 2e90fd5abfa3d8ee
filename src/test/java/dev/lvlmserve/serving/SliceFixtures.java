package dev.lvlmserve.serving;

import dev.lvlmserve.serving.engine.Completion;
import dev.lvlmserve.serving.engine.RequestTimings;
import dev.lvlmserve.serving.variants.QualityGateResult;
import dev.lvlmserve.model.TinyModels;
import dev.lvlmserve.model.config.Json;
import dev.lvlmserve.model.recipe.LayerWidth;
import dev.lvlmserve.model.recipe.LowRankDelta;
import dev.lvlmserve.model.recipe.VariantRecipe;
import dev.lvlmserve.pruning.plan.ModelShape;
import dev.lvlmserve.serving.variants.VariantEntry;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/** Canned values for the controller slices, whose engine and registry are mocks. */
public final class SliceFixtures {
    private SliceFixtures() {}

    public static Completion completion(String text) {
        return new Completion(text, "stop", 30, 2, "base", "base",
                new RequestTimings(1_000_000, 2_000_000, 3_000_000, 4_000_000, 5_000_000, 9_000_000, 15_000_000));
    }

    /** The base's shape: TinyModels' 4 layers of 4 query heads over 2 key/value heads and 64 neurons. */
    public static final ModelShape BASE_SHAPE = ModelShape.of(TinyModels.config("llama", false), null);

    public static VariantEntry base() {
        return new VariantEntry("base", "base", VariantRecipe.empty(new VariantRecipe.Base("base", null, 4)), 1000L,
                4000L, 4000L, null, null, null);
    }

    /** Layer 3 removed, layer 1 narrowed to 2 heads and 48 neurons, a rank-3 delta on layer 2's down_proj. */
    public static VariantEntry pruned() {
        VariantRecipe recipe = VariantRecipe.empty(new VariantRecipe.Base("base", "sha256:x", 4))
                .withRemovedLayers(List.of(3))
                .withWidths(Map.of(1, new LayerWidth(List.of(0, 2), null, IntStream.range(0, 48).boxed().toList())))
                .withDeltas(List.of(new LowRankDelta("scp.2", "language_model.model.layers.2.mlp.down_proj.weight", 3,
                        1.0, "scp")))
                .withReport(Json.MAPPER.readTree("{\"method\":\"short-lvlm\",\"ratio\":0.25,\"layer_scores\":"
                        + "[{\"layer\":2,\"score\":0.6},{\"layer\":3,\"score\":0.9}]}"));
        return new VariantEntry("base-short-lvlm-r25", "base", recipe, 800L, 3200L, 40L,
                Instant.parse("2026-01-01T00:00:00Z"), new QualityGateResult(0.9, 0.5, 8, true), "job-1");
    }
}
