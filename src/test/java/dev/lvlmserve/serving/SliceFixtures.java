package dev.lvlmserve.serving;

import dev.lvlmserve.serving.engine.Completion;
import dev.lvlmserve.serving.engine.RequestTimings;
import dev.lvlmserve.serving.variants.QualityGateResult;
import dev.lvlmserve.serving.variants.VariantManifest;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Canned values for the controller slices, whose engine and registry are mocks. */
public final class SliceFixtures {
    private SliceFixtures() {}

    public static Completion completion(String text) {
        return new Completion(text, "stop", 30, 2, "base", "base",
                new RequestTimings(1_000_000, 2_000_000, 3_000_000, 4_000_000, 5_000_000, 9_000_000, 15_000_000));
    }

    public static VariantManifest base() {
        return new VariantManifest("base", "base", VariantManifest.BASE_METHOD, 0.0, List.of(), Map.of(), 4, 1000L,
                4000L, 4000L, null, null, null);
    }

    public static VariantManifest pruned() {
        return new VariantManifest("base-last-n-r25", "base", "last-n", 0.25, List.of(3),
                Map.of(0, 0.0, 1, 0.3, 2, 0.6, 3, 1.0), 4, 800L, 3200L, 0L, Instant.parse("2026-01-01T00:00:00Z"),
                new QualityGateResult(0.9, 0.5, 8, true), "job-1");
    }
}
