package dev.lvlmserve.pruning.apply;

import dev.lvlmserve.model.io.SafeDType;
import dev.lvlmserve.model.llava.LlavaCheckpoint;
import dev.lvlmserve.model.llava.LlavaModel;
import dev.lvlmserve.model.recipe.VariantRecipe;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Writes a variant as a llava-hf checkpoint (DESIGN §3 "Output of a prune"): layers renumbered 0..n−1,
 * {@code num_hidden_layers} updated, deltas materialized, a uniformly narrowed variant with the standard width keys
 * (so transformers could load it), a per-layer one with {@code LlavaCheckpoint}'s documented extra keys, side files
 * copied, and the recipe (its report inside) as {@value #RECIPE_FILE}. Atomic, as {@link LlavaCheckpoint#write}.
 */
public final class Exporter {
    public static final String RECIPE_FILE = "variant_recipe.json";

    private Exporter() {}

    /** Export in float32, the dtype the variant computes in on CPU. */
    public static void export(LlavaModel variant, VariantRecipe recipe, Path sourceDir, Path outDir)
            throws IOException {
        export(variant, recipe, sourceDir, outDir, SafeDType.F32);
    }

    /**
     * @param sourceDir the base checkpoint, whose tokenizer and processor files are copied (may be null)
     * @throws IllegalArgumentException when the variant's layers are not the recipe's retained layers
     */
    public static void export(LlavaModel variant, VariantRecipe recipe, Path sourceDir, Path outDir, SafeDType dtype)
            throws IOException {
        List<Integer> layers = variant.languageModel().layerIds();
        boolean matches = layers.size() == recipe.base().numLayers() - recipe.removedLayers().size()
                && layers.stream().noneMatch(recipe.removedLayers()::contains);
        if (!matches) {
            throw new IllegalArgumentException("variant layers " + layers + " do not match the recipe ("
                    + recipe.base().numLayers() + " layers, removed " + recipe.removedLayers() + ")");
        }
        LlavaCheckpoint.write(variant, sourceDir, outDir, dtype, Map.of(RECIPE_FILE, recipe.toJson()));
    }

    /** The recipe stored beside an exported checkpoint. */
    public static VariantRecipe readRecipe(Path checkpointDir) throws IOException {
        return VariantRecipe.fromJson(Files.readString(checkpointDir.resolve(RECIPE_FILE)));
    }
}
