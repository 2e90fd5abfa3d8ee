package dev.lvlmserve.serving.methods;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lvlmserve.fixture.FixtureCheckpoint;
import dev.lvlmserve.fixture.FixtureSpec;
import dev.lvlmserve.model.io.KeyMapping;
import dev.lvlmserve.model.io.SafeDType;
import dev.lvlmserve.model.llava.LlavaCheckpoint;
import dev.lvlmserve.model.llava.LlavaPipeline;
import dev.lvlmserve.model.recipe.DeltaMode;
import dev.lvlmserve.pruning.apply.PruningEngine;
import dev.lvlmserve.pruning.plan.InvalidPruneRequest;
import dev.lvlmserve.pruning.plan.ModelShape;
import dev.lvlmserve.pruning.plan.PruningMethod;
import dev.lvlmserve.pruning.plan.PruningPlan;
import dev.lvlmserve.serving.jobs.BuiltVariant;
import dev.lvlmserve.serving.jobs.ProgressSink;
import dev.lvlmserve.serving.jobs.PruneSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EngineVariantBuilderTest {
    @TempDir
    static Path tmp;

    static Path dir;
    static final EngineVariantBuilder BUILDER = new EngineVariantBuilder(new PruningEngine());

    @BeforeAll
    static void fixture() throws Exception {
        dir = tmp.resolve("base");
        FixtureCheckpoint.write(dir, FixtureSpec.tiny(), 1, new LlavaCheckpoint.WriteOptions(SafeDType.F32,
                KeyMapping.Vintage.LEGACY, Long.MAX_VALUE));
    }

    static PruneSpec spec(String method, double ratio, Map<String, Object> options) {
        return new PruneSpec("base", ratio, method, options, new PruneSpec.Calibration("builtin", null, 6), "v", 0);
    }

    @Test
    void servesEveryServableMethodOfTheRegistry() {
        assertEquals(PruningMethod.served().stream().map(PruningMethod::jsonName).toList(), BUILDER.methods());
        assertTrue(BUILDER.methods().containsAll(List.of("short-lvlm", "last-n", "width-taylor", "width-activation",
                "width-random")));
        assertFalse(BUILDER.methods().contains("enumerate"));
    }

    @Test
    void aShortLvlmJobRemovesLayersAndOwnsOnlyItsFactoredDeltas() {
        PruneSpec spec = spec("short-lvlm", 0.3, Map.of("rank", 2));
        List<Double> fractions = new ArrayList<>();
        try (LlavaPipeline base = LlavaPipeline.load(dir, null)) {
            BUILDER.validate(spec, ModelShape.of(base.model()));
            BuiltVariant v = BUILDER.build(base, spec, new ProgressSink() {
                @Override
                public void stage(String name) {}

                @Override
                public void progress(double fraction) {
                    fractions.add(fraction);
                }
            }, () -> false);
            try (var model = v.model()) {
                assertEquals(1, v.recipe().removedLayers().size());
                assertEquals(DeltaMode.FACTORED, v.recipe().deltaMode());
                PruningPlan report = PruningPlan.fromJson(v.recipe().report());
                assertEquals(v.recipe().removedLayers(), report.removedLayers());
                assertEquals(v.recipe().tensorKeys(), v.tensors().asMap().keySet());
                assertTrue(v.recipe().deltas().getFirst().target().endsWith("mlp.down_proj.weight"));
                assertEquals(2L * 4 * (64 + 128), model.ownedBytes(), "rank 2 × (D + I) floats");
                assertFalse(fractions.isEmpty());
                assertEquals(1.0, fractions.getLast(), 1e-9);
            }
            assertThrows(CancellationException.class, () -> BUILDER.build(base, spec, ProgressSink.NONE, () -> true));
        }
    }

    @Test
    void aWidthJobNarrowsTheLayers() {
        PruneSpec spec = spec("width-taylor", 0.2, Map.of("layers", "1-2", "gqa", "heads"));
        try (LlavaPipeline base = LlavaPipeline.load(dir, null)) {
            BUILDER.validate(spec, ModelShape.of(base.model()));
            BuiltVariant v = BUILDER.build(base, spec, ProgressSink.NONE, () -> false);
            try (var model = v.model()) {
                assertEquals(List.of(1, 2), List.copyOf(v.recipe().widths().keySet()));
                assertTrue(model.layerShapes().get(1).intermediate() < 128);
                assertEquals(4, model.layerShapes().get(0).heads());
            }
        }
    }

    @Test
    void badRequestsNameTheFieldAtFault() {
        try (LlavaPipeline base = LlavaPipeline.load(dir, null)) {
            ModelShape shape = ModelShape.of(base.model());
            for (Object[] c : new Object[][] {
                {"short-lvlm", 0.6, Map.of(), "ratio"},
                {"width-taylor", 1.0, Map.of(), "ratio"},
                {"short-lvlm", 0.05, Map.of(), "ratio"}, // round(0.05 × 4) = 0 layers
                {"width-taylor", 0.2, Map.of("layers", "2-9"), "options"},
                {"width-taylor", 0.2, Map.of("remove_heads", 3), "options"},
                {"width-taylor", 0.6, Map.of("layers", "3-3"), "ratio"},
                {"short-lvlm", 0.3, Map.of("gqa", "heads"), "options"},
                {"short-lvlm", 0.3, Map.of("rank", -1), "options"},
                {"short-lvlm", 0.3, Map.of("rnak", 2), "options"}, // a misspelt option is rejected, not ignored
                {"width-taylor", 0.2, Map.of("gqa", "pairs"), "options"}}) {
                @SuppressWarnings("unchecked")
                PruneSpec s = spec((String) c[0], (double) c[1], (Map<String, Object>) c[2]);
                InvalidPruneRequest e = assertThrows(InvalidPruneRequest.class, () -> BUILDER.validate(s, shape),
                        List.of(c).toString());
                assertEquals(c[3], e.field(), e.getMessage());
            }
        }
    }
}
