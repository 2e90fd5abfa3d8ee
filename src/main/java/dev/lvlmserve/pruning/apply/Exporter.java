package dev.lvlmserve.pruning.apply;

import dev.lvlmserve.model.io.SafeDType;
import dev.lvlmserve.model.llava.LlavaCheckpoint;
import dev.lvlmserve.model.llava.LlavaModel;
import dev.lvlmserve.pruning.plan.PruningPlan;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Writes a variant as a standard llava-hf checkpoint (layers renumbered 0..n−1, {@code num_hidden_layers} updated,
 * side files copied; DESIGN §3 "Output of a prune") with {@value #PLAN_FILE} beside it. Atomic, as
 * {@link LlavaCheckpoint#write}.
 */
public final class Exporter {
    public static final String PLAN_FILE = "pruning_plan.json";

    private Exporter() {}

    /** Export in float32, the dtype the variant computes in on CPU. */
    public static void export(LlavaModel variant, PruningPlan plan, Path sourceDir, Path outDir) throws IOException {
        export(variant, plan, sourceDir, outDir, SafeDType.F32);
    }

    /**
     * @param sourceDir the base checkpoint, whose tokenizer and processor files are copied (may be null)
     * @throws IllegalArgumentException when the variant's layers are not the plan's retained layers
     */
    public static void export(LlavaModel variant, PruningPlan plan, Path sourceDir, Path outDir, SafeDType dtype)
            throws IOException {
        List<Integer> layers = variant.languageModel().layerIds();
        boolean matches = layers.size() == plan.totalLayers() - plan.removedLayers().size()
                && layers.stream().noneMatch(plan.removedLayers()::contains);
        if (!matches) {
            throw new IllegalArgumentException("variant layers " + layers + " do not match the plan (" + plan
                    .totalLayers() + " layers, removed " + plan.removedLayers() + ")");
        }
        LlavaCheckpoint.write(variant, sourceDir, outDir, dtype, Map.of(PLAN_FILE, plan.toJson()));
    }

    /** The plan stored beside an exported checkpoint. */
    public static PruningPlan readPlan(Path checkpointDir) throws IOException {
        return PruningPlan.fromJson(Files.readString(checkpointDir.resolve(PLAN_FILE)));
    }
}
