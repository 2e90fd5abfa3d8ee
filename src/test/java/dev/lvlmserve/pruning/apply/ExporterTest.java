package dev.lvlmserve.pruning.apply;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lvlmserve.model.llava.LlavaCheckpoint;
import dev.lvlmserve.model.llava.LlavaModel;
import dev.lvlmserve.pruning.Cancellation;
import dev.lvlmserve.pruning.ProgressListener;
import dev.lvlmserve.pruning.PruningFixtures;
import dev.lvlmserve.model.recipe.DeltaMode;
import dev.lvlmserve.pruning.plan.PruneOptions;
import dev.lvlmserve.pruning.plan.PruneRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExporterTest {
    @TempDir
    Path tmp;

    @Test
    void anExportedVariantReloadsWithTheSameLogitsAndItsRecipe() throws IOException {
        Path source = Files.createDirectories(tmp.resolve("base"));
        Files.writeString(source.resolve("tokenizer.json"), "{\"tiny\": true}");
        PruneRequest request = PruneRequest.of("short-lvlm", 0.25).withCalibrationSize(3).withBaseModelId("tiny")
                .withOptions(PruneOptions.DEFAULT.withDeltaMode(DeltaMode.MATERIALIZED));
        try (LlavaModel base = PruningFixtures.model(8);
                PruneResult r = new PruningEngine().prune(base, PruningFixtures.source(3), request,
                        ProgressListener.NONE, Cancellation.NEVER)) {
            Path out = tmp.resolve("pruned");
            Exporter.export(r.variant(), r.recipe(), source, out);
            assertEquals(r.recipe(), Exporter.readRecipe(out));
            assertTrue(Files.isRegularFile(out.resolve("tokenizer.json")));
            try (LlavaModel reloaded = LlavaCheckpoint.loadModel(out, null)) {
                assertEquals(6, reloaded.config().textConfig().numHiddenLayers());
                assertEquals(List.of(0, 1, 2, 3, 4, 5), reloaded.languageModel().layerIds());
                assertArrayEquals(PruningFixtures.logits(r.variant()), PruningFixtures.logits(reloaded));
            }
            assertThrows(IOException.class, () -> Exporter.export(r.variant(), r.recipe(), source, out));
            String m = assertThrows(IllegalArgumentException.class, () -> Exporter.export(base, r.recipe(), source,
                    tmp.resolve("wrong"))).getMessage();
            assertTrue(m.contains("do not match the recipe"), m);
            assertFalse(Files.exists(tmp.resolve("wrong")));
        }
    }

    @Test
    void uniformAndPerLayerWidthVariantsExportAndReloadEqual() throws IOException {
        try (LlavaModel base = PruningFixtures.model(9)) {
            for (String layers : new String[] {null, "2-5"}) {
                PruneOptions o = layers == null ? PruneOptions.DEFAULT
                        : PruneOptions.DEFAULT.withCandidateLayers(PruneOptions.range(layers));
                PruneRequest request = PruneRequest.of("width-activation", 0.3).withCalibrationSize(3)
                        .withBaseModelId("tiny").withOptions(o);
                try (PruneResult r = new PruningEngine().prune(base, PruningFixtures.source(3), request,
                        ProgressListener.NONE, Cancellation.NEVER)) {
                    Path out = tmp.resolve(layers == null ? "uniform" : "per-layer");
                    Exporter.export(r.variant(), r.recipe(), null, out);
                    String config = Files.readString(out.resolve("config.json"));
                    assertEquals(layers != null, config.contains("per_layer_num_attention_heads"), config);
                    try (LlavaModel reloaded = LlavaCheckpoint.loadModel(out, null)) {
                        assertEquals(r.variant().layerShapes().stream().map(s -> s.heads() + "/" + s.intermediate())
                                .toList(), reloaded.layerShapes().stream().map(s -> s.heads() + "/"
                                        + s.intermediate()).toList());
                        assertArrayEquals(PruningFixtures.logits(r.variant()), PruningFixtures.logits(reloaded));
                    }
                }
            }
        }
    }
}
