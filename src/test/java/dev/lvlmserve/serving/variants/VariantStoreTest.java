package dev.lvlmserve.serving.variants;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.lvlmserve.model.Djl;
import dev.lvlmserve.model.TinyModels;
import dev.lvlmserve.model.config.LlavaConfig;
import dev.lvlmserve.model.io.SafeDType;
import dev.lvlmserve.model.io.SafetensorsWriter;
import dev.lvlmserve.model.llama.LlamaModel;
import dev.lvlmserve.model.llava.LlavaModel;
import dev.lvlmserve.model.nn.WeightMap;
import dev.lvlmserve.model.recipe.LowRankDelta;
import dev.lvlmserve.model.recipe.RecipeTensors;
import dev.lvlmserve.model.recipe.VariantRecipe;
import dev.lvlmserve.serving.error.ServingException;
import dev.lvlmserve.serving.store.Claim;
import dev.lvlmserve.serving.store.NameClaims;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class VariantStoreTest {
    static final String KEY = "language_model.model.layers.1.mlp.down_proj.weight";

    static VariantEntry entry(String name) {
        LowRankDelta d = new LowRankDelta("scp.1", KEY, 1, 1.0, "scp");
        VariantRecipe recipe = VariantRecipe.empty(new VariantRecipe.Base("base", "sha256:abc", 4))
                .withRemovedLayers(List.of(3)).withDeltas(List.of(d));
        return new VariantEntry(name, "base", recipe, 10L, 40L, 24L, Instant.parse("2026-01-01T00:00:00Z"), null,
                "job-x");
    }

    static Map<String, NDArray> factors(NDManager m) {
        return Map.of("delta.scp.1.A", m.create(new float[] {1, 2, 3}, new Shape(1, 3)),
                "delta.scp.1.B", m.create(new float[] {4, 5}, new Shape(2, 1)));
    }

    /** Writes {@code e} as a job does: under a claim on its name, released afterwards. */
    static void write(Path data, VariantStore store, VariantEntry e, Map<String, NDArray> tensors) {
        try (NameClaims claims = new NameClaims(data, "test", Duration.ofSeconds(30), Duration.ofSeconds(5))) {
            Claim claim = claims.tryClaim(e.name(), "job-x").orElseThrow();
            store.write(claim, e, tensors);
            claim.release();
        }
    }

    @Test
    void writesAtomicallyAndReadsBackTheEntryRecipeAndTensors(@TempDir Path data) {
        VariantStore store = new VariantStore(data);
        try (NDManager m = Djl.newManager()) {
            write(data, store, entry("v1"), factors(m));
            assertThat(store.scan()).containsExactly(entry("v1"));
            Map<String, NDArray> tensors = store.tensors("v1", m);
            assertThat(tensors).containsOnlyKeys("delta.scp.1.A", "delta.scp.1.B");
            assertThat(tensors.get("delta.scp.1.A").toFloatArray()).containsExactly(1, 2, 3);
        }
        assertThat(data.resolve("variants/v1")).isDirectoryContaining(p -> p.endsWith("recipe.json"))
                .isDirectoryContaining(p -> p.endsWith("entry.json"));
        assertThat(data.resolve("variants")).isDirectoryNotContaining(p -> p.getFileName().toString().startsWith("."));
    }

    @Test
    void scanSkipsDamagedVariantsAndDeletesNothing(@TempDir Path data) throws Exception {
        VariantStore store = new VariantStore(data);
        write(data, store, entry("good"), Map.of());
        write(data, store, entry("bad"), Map.of());
        Files.writeString(data.resolve("variants/bad/recipe.json"), "{\"tampered\":true}");
        Path tmp = Files.createDirectories(data.resolve("variants/.tmp-half-1"));
        Files.createDirectories(data.resolve("variants/nosums"));
        assertThat(store.scan()).extracting(VariantEntry::name).containsExactly("good");
        assertThat(tmp).exists(); // a dot-directory may be another replica's build: the sweep decides
        assertThatThrownBy(() -> store.tensors("bad", null)).hasMessageContaining("damaged");
    }

    /**
     * The sweep keeps a live claim's staging directory (another replica's build in progress) and removes staging
     * directories whose claim ended or was never there, pre-claim temporary directories and {@code .del-} ones.
     */
    @Test
    void theSweepLeavesALiveClaimsBuildAlone(@TempDir Path data) throws Exception {
        VariantStore store = new VariantStore(data);
        try (NameClaims claims = new NameClaims(data, "a", Duration.ofSeconds(30), Duration.ofSeconds(5))) {
            Claim building = claims.tryClaim("building", "job-1").orElseThrow();
            Claim done = claims.tryClaim("done", "job-2").orElseThrow();
            Path live = Files.createDirectories(store.root().resolve(building.stagingName()));
            Path ended = Files.createDirectories(store.root().resolve(done.stagingName()));
            done.release();
            Path neverClaimed = Files.createDirectories(store.root().resolve(".tmp-ghost@g0000000001"));
            Path preClaims = Files.createDirectories(store.root().resolve(".tmp-old-5d3c"));
            Path deleting = Files.createDirectories(store.root().resolve(".del-gone-1"));
            StagingSweep.sweep(store.root(), claims);
            assertThat(live).exists();
            assertThat(ended).doesNotExist();
            assertThat(neverClaimed).doesNotExist();
            assertThat(preClaims).doesNotExist();
            assertThat(deleting).doesNotExist();
        }
    }

    /** A claim that ended without its variant being renamed in, or a second build of one name, saves nothing. */
    @Test
    void aWriteNeedsItsClaimAndNeverReplacesAVariant(@TempDir Path data) {
        VariantStore store = new VariantStore(data);
        write(data, store, entry("v"), Map.of());
        try (NameClaims claims = new NameClaims(data, "a", Duration.ofSeconds(30), Duration.ofSeconds(5))) {
            Claim second = claims.tryClaim("v", "job-2").orElseThrow(); // the variant exists: registry.claim says 409
            assertThatThrownBy(() -> store.write(second, entry("v"), Map.of())).isInstanceOf(ServingException.class)
                    .hasMessageContaining("exists");
            second.release();
            Claim lost = claims.tryClaim("w", "job-3").orElseThrow();
            lost.release();
            assertThatThrownBy(() -> store.write(lost, entry("w"), Map.of())).isInstanceOf(ServingException.class)
                    .hasMessageContaining("lost its claim");
        }
        assertThat(store.scan()).extracting(VariantEntry::name).containsExactly("v");
        assertThat(store.root()).isDirectoryNotContaining(p -> p.getFileName().toString().startsWith("."));
    }

    @Test
    void aRecipeFromAFutureFormatIsRefusedWithALogLineNamingTheVariant(@TempDir Path data) throws Exception {
        VariantStore store = new VariantStore(data);
        write(data, store, entry("future"), Map.of());
        Path dir = data.resolve("variants/future");
        Files.writeString(dir.resolve("recipe.json"), Files.readString(dir.resolve("recipe.json"))
                .replace("\"format_version\" : 2", "\"format_version\" : 3"));
        Checksums.write(dir, List.of("recipe.json", "entry.json", "weights.safetensors"));
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        Logger log = (Logger) LoggerFactory.getLogger(VariantStore.class);
        logs.start();
        log.addAppender(logs);
        try {
            assertThat(store.scan()).isEmpty();
        } finally {
            log.detachAppender(logs);
        }
        assertThat(logs.list).extracting(ILoggingEvent::getFormattedMessage)
                .anyMatch(m -> m.contains("skipping variant future") && m.contains("format 3"));
    }

    /**
     * A variant written by the pre-recipe code (variant.json, plan.json, whole replaced tensors) reads as a recipe,
     * and derives the model the old loader built: the base minus its removed layers with the replacements in.
     */
    @Test
    void aVariantInThePreRecipeLayoutIsMigratedOnLoad(@TempDir Path data) throws Exception {
        LlavaConfig config = TinyModels.config("llama", false);
        try (LlavaModel base = TinyModels.model(config, 3); NDManager m = Djl.newManager()) {
            Path dir = Files.createDirectories(data.resolve("variants/old-one"));
            Files.writeString(dir.resolve("variant.json"), "{\"name\":\"old-one\",\"base\":\"base\",\"method\":"
                    + "\"short-lvlm\",\"ratio\":0.25,\"removed_layers\":[3],\"layer_scores\":{\"3\":0.9},"
                    + "\"num_layers\":4,\"parameters\":10,\"bytes\":40,\"owned_bytes\":8,"
                    + "\"created_at\":\"2026-01-01T00:00:00Z\",\"job_id\":\"job-old\"}");
            Files.writeString(dir.resolve("plan.json"), "{\"format_version\":1,\"method\":\"short-lvlm\","
                    + "\"ratio\":0.25,\"removed_layers\":[3],\"layer_scores\":[{\"layer\":3,\"score\":0.9}]}");
            NDArray replaced = base.weights().require(KEY).mul(2f);
            SafetensorsWriter.write(dir.resolve("weights.safetensors"), Map.of(KEY, replaced), SafeDType.F32,
                    Map.of("variant", "old-one", "base", "base"));
            Checksums.write(dir, List.of("variant.json", "plan.json", "weights.safetensors"));

            VariantEntry e = new VariantStore(data).scan().getFirst();
            assertThat(e.name()).isEqualTo("old-one");
            assertThat(e.method()).isEqualTo("short-lvlm");
            assertThat(e.jobId()).isEqualTo("job-old");
            assertThat(e.removedLayers()).containsExactly(3);
            assertThat(e.recipe().replacements()).containsExactly(KEY);
            assertThat(e.recipe().base().fingerprint()).isNull();
            assertThat(e.layerScores()).containsEntry(3, 0.9);

            Map<String, NDArray> expected = new LinkedHashMap<>(base.weights().asMap());
            expected.keySet().removeIf(k -> LlamaModel.isLayerKey(k, java.util.Set.of(3)));
            expected.put(KEY, replaced);
            LlavaModel old = new LlavaModel(config.withTextConfig(config.textConfig().withNumHiddenLayers(3)),
                    new WeightMap(expected), List.of(0, 1, 2), m, List.of());
            NDManager owner = base.manager().newSubManager();
            try (LlavaModel migrated = base.derive(e.recipe(), new RecipeTensors(owner,
                    new VariantStore(data).tensors("old-one", owner)))) {
                assertThat(TinyModels.logits(migrated)).containsExactly(TinyModels.logits(old));
            }
        }
    }

    @Test
    void deleteRemovesTheDirectoryAndTheDefaultPointerSurvivesRewrites(@TempDir Path data) {
        VariantStore store = new VariantStore(data);
        write(data, store, entry("v"), Map.of());
        assertThat(store.delete("v")).isTrue();
        assertThat(store.delete("v")).as("deleted by another replica first").isFalse();
        assertThat(data.resolve("variants/v")).doesNotExist();
        DefaultPointer pointer = new DefaultPointer(data);
        assertThat(pointer.read()).isNull();
        pointer.write("a");
        pointer.write("b");
        assertThat(pointer.read()).isEqualTo("b");
    }
}
