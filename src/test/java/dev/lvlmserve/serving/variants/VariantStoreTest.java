package dev.lvlmserve.serving.variants;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.lvlmserve.model.Djl;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VariantStoreTest {
    static final String KEY = "language_model.model.layers.1.mlp.down_proj.weight";

    static VariantManifest manifest(String name) {
        return new VariantManifest(name, "base", "test", 0.25, List.of(3), Map.of(3, 0.9), 4, 10L, 40L, 24L,
                Instant.parse("2026-01-01T00:00:00Z"), null, "job-x");
    }

    @Test
    void writesAtomicallyAndReadsBackTheManifestPlanAndTensors(@TempDir Path data) {
        VariantStore store = new VariantStore(data);
        try (NDManager m = Djl.newManager()) {
            store.write(manifest("v1"), "{\"method\":\"test\"}", Map.of(KEY, m.create(new float[] {1, 2, 3, 4, 5, 6},
                    new ai.djl.ndarray.types.Shape(2, 3))));
            assertThat(store.scan()).containsExactly(manifest("v1"));
            assertThat(store.plan("v1")).isEqualTo("{\"method\":\"test\"}");
            Map<String, NDArray> weights = store.weights("v1", m);
            assertThat(weights).containsOnlyKeys(KEY);
            assertThat(weights.get(KEY).toFloatArray()).containsExactly(1, 2, 3, 4, 5, 6);
        }
        assertThat(data.resolve("variants")).isDirectoryNotContaining(p -> p.getFileName().toString().startsWith("."));
    }

    @Test
    void aVariantWithNoOwnTensorsStillRoundTrips(@TempDir Path data) {
        VariantStore store = new VariantStore(data);
        store.write(manifest("empty"), "{}", Map.of());
        try (NDManager m = Djl.newManager()) {
            assertThat(store.weights("empty", m)).isEmpty();
        }
    }

    @Test
    void startupDropsTemporaryDirectoriesAndSkipsDamagedVariants(@TempDir Path data) throws Exception {
        VariantStore store = new VariantStore(data);
        store.write(manifest("good"), "{}", Map.of());
        store.write(manifest("bad"), "{}", Map.of());
        Files.writeString(data.resolve("variants/bad/plan.json"), "{\"tampered\":true}");
        Path tmp = Files.createDirectories(data.resolve("variants/.tmp-half-1"));
        Files.createDirectories(data.resolve("variants/nosums"));
        assertThat(store.scan()).extracting(VariantManifest::name).containsExactly("good");
        assertThat(tmp).doesNotExist();
        assertThatThrownBy(() -> store.weights("bad", null)).hasMessageContaining("damaged");
    }

    @Test
    void deleteRemovesTheDirectoryAndTheDefaultPointerSurvivesRewrites(@TempDir Path data) {
        VariantStore store = new VariantStore(data);
        store.write(manifest("v"), "{}", Map.of());
        store.delete("v");
        assertThat(data.resolve("variants/v")).doesNotExist();
        DefaultPointer pointer = new DefaultPointer(data);
        assertThat(pointer.read()).isNull();
        pointer.write("a");
        pointer.write("b");
        assertThat(pointer.read()).isEqualTo("b");
    }
}
