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
import dev.lvlmserve.pruning.apply.PruningEngine;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EngineVariantBuilderTest {
    @TempDir
    Path tmp;

    @Test
    void shortLvlmJobRemovesLayersAndOwnsOnlyTheCompensatedWeights() throws Exception {
        Path dir = tmp.resolve("base");
        FixtureCheckpoint.write(dir, FixtureSpec.tiny(), 1, new LlavaCheckpoint.WriteOptions(SafeDType.F32,
                KeyMapping.Vintage.LEGACY, Long.MAX_VALUE));
        EngineVariantBuilder builder = new EngineVariantBuilder(PruningMethod.SHORT_LVLM, new PruningEngine());
        PruneSpec spec = new PruneSpec("base", 0.3, "short-lvlm", Map.of("rank", 2),
                new PruneSpec.Calibration("builtin", null, 6), "v", 0);
        List<Double> fractions = new ArrayList<>();
        try (LlavaPipeline base = LlavaPipeline.load(dir, null)) {
            builder.validate(spec, base.model().config());
            BuiltVariant v = builder.build(base, spec, new ProgressSink() {
                @Override
                public void stage(String name) {}

                @Override
                public void progress(double fraction) {
                    fractions.add(fraction);
                }
            }, () -> false);
            try (var model = v.model()) {
                assertEquals(1, v.removedLayers().size());
                PruningPlan plan = PruningPlan.fromJson(v.planJson());
                assertEquals(v.removedLayers(), plan.removedLayers());
                assertEquals(1, v.replacedTensors().size(), v.replacedTensors().keySet().toString());
                assertTrue(v.replacedTensors().keySet().iterator().next().endsWith("mlp.down_proj.weight"));
                assertFalse(fractions.isEmpty());
                assertEquals(1.0, fractions.getLast(), 1e-9);
            }
            assertThrows(CancellationException.class, () -> builder.build(base, spec, ProgressSink.NONE, () -> true));
            assertThrows(IllegalArgumentException.class, () -> builder.validate(new PruneSpec("base", 0.3,
                    "short-lvlm", Map.of("rank", -1), PruneSpec.Calibration.BUILTIN, "v", 0),
                    base.model().config()));
            assertThrows(IllegalArgumentException.class, () -> builder.validate(new PruneSpec("base", 0.3,
                    "short-lvlm", Map.of("rnak", 2), PruneSpec.Calibration.BUILTIN, "v", 0),
                    base.model().config()), "a misspelt option is rejected, not ignored");
        }
    }
}
