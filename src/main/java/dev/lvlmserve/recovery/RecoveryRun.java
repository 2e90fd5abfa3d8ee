package dev.lvlmserve.recovery;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.lvlmserve.model.config.Json;
import dev.lvlmserve.model.llama.LlamaModel;
import dev.lvlmserve.model.llava.LlavaModel;
import dev.lvlmserve.model.recipe.LowRankDelta;
import dev.lvlmserve.model.recipe.RecipeTensors;
import dev.lvlmserve.model.recipe.VariantRecipe;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.node.ObjectNode;

/**
 * A finished recovery: the trained student (frozen) and its record. It turns into the recovered variant's recipe —
 * LoRA adapters as low-rank deltas of scale 1 ({@code kind: lora}), trained copies as replacements, both in the
 * base's coordinates — or is exported directly ({@link #model()} folds the adapters when written). Close it once
 * the recipe's tensors or the checkpoint exist; the pruned variant it was trained over must outlive it.
 */
public final class RecoveryRun implements AutoCloseable {
    private final Student student;
    private final RecoveryRecord record;

    RecoveryRun(Student student, RecoveryRecord record) {
        this.student = student;
        this.record = record;
    }

    public RecoveryRecord record() {
        return record;
    }

    /** The recovered model as trained (adapters factored); it owns nothing and lives as long as this run. */
    public LlavaModel model() {
        return student.model();
    }

    /**
     * The recovered variant's recipe and tensors: the pruned recipe with the adapters added as deltas and the
     * trained copies as replacements (a delta whose target was trained whole is dropped: the copy contains it), and
     * the record under {@code report.recovery}. The tensors are new, in a manager the derived variant takes over.
     *
     * @param base the model the recipe is for
     * @param tensors the pruned recipe's tensors (copied: the caller may close them afterwards)
     */
    public Recovered toRecipe(LlavaModel base, VariantRecipe recipe, RecipeTensors tensors) {
        NDManager owner = base.manager().newSubManager();
        try {
            BaseCoordinates coordinates = new BaseCoordinates(base, recipe);
            Map<String, NDArray> copies = student.copies();
            Map<String, NDArray> out = new LinkedHashMap<>();
            List<LowRankDelta> deltas = new ArrayList<>();
            for (LowRankDelta d : recipe.deltas()) {
                if (!copies.containsKey(d.target())) {
                    deltas.add(d);
                    out.put(d.aKey(), copy(tensors.require(d.aKey()), owner));
                    out.put(d.bKey(), copy(tensors.require(d.bKey()), owner));
                }
            }
            Set<String> replacements = new LinkedHashSet<>(recipe.replacements());
            replacements.addAll(copies.keySet());
            for (String key : replacements) {
                out.put(key, copies.containsKey(key) ? coordinates.replacement(key, copies.get(key), owner)
                        : copy(tensors.require(key), owner));
            }
            for (Student.Adapter a : student.adapters()) {
                String weight = a.module() + ".weight";
                LowRankDelta d = new LowRankDelta(adapterId(a.module()), weight, a.rank(), 1.0, "lora");
                deltas.add(d);
                out.put(d.aKey(), coordinates.factorA(weight, a.a(), owner));
                out.put(d.bKey(), coordinates.factorB(weight, a.b(), owner));
            }
            ObjectNode report = recipe.report() != null && recipe.report().isObject()
                    ? (ObjectNode) recipe.report().deepCopy() : Json.MAPPER.createObjectNode();
            report.set("recovery", record.toJsonNode());
            VariantRecipe recovered = new VariantRecipe(VariantRecipe.FORMAT_VERSION, recipe.base(),
                    recipe.removedLayers(), recipe.widths(), deltas, recipe.deltaMode(), List.copyOf(replacements),
                    report);
            return new Recovered(recovered, new RecipeTensors(owner, out), record);
        } catch (RuntimeException e) {
            owner.close();
            throw e;
        }
    }

    /**
     * The recipe and tensors of a recovered variant ({@code base.derive(recipe, tensors)} builds it), and the record
     * that is also in its report.
     */
    public record Recovered(VariantRecipe recipe, RecipeTensors tensors, RecoveryRecord record) {}

    /** {@code lora.<layer>.<module path>}, e.g. {@code lora.8.self_attn.q_proj}. */
    static String adapterId(String module) {
        return "lora." + module.substring(LlamaModel.PREFIX.length() + ".layers.".length());
    }

    private static NDArray copy(NDArray t, NDManager owner) {
        NDArray c = t.duplicate();
        c.attach(owner);
        return c;
    }

    @Override
    public void close() {
        student.close();
    }
}
