package dev.lvlmserve.model.recipe;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The tensors a {@link VariantRecipe} names (replacements under their canonical keys, delta factors under
 * {@link LowRankDelta#aKey()} / {@link LowRankDelta#bKey()}) and the manager that owns them. Deriving a model hands
 * the manager to the model; otherwise {@link #close()} frees the tensors.
 */
public final class RecipeTensors implements AutoCloseable {
    private static final RecipeTensors NONE = new RecipeTensors(Map.of(), null);

    private final NDManager owner;
    private final Map<String, NDArray> tensors;

    /** @param owner the manager every tensor is attached to; a derived model takes it over */
    public RecipeTensors(NDManager owner, Map<String, NDArray> tensors) {
        this(tensors, java.util.Objects.requireNonNull(owner, "owner"));
    }

    private RecipeTensors(Map<String, NDArray> tensors, NDManager owner) {
        this.owner = owner;
        this.tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
    }

    public static RecipeTensors none() {
        return NONE;
    }

    /**
     * Tensors someone else owns and keeps alive longer than any model derived with them (a pruning pass's
     * intermediate model): no owner is handed over and {@link #close()} frees nothing.
     */
    public static RecipeTensors borrowed(Map<String, NDArray> tensors) {
        return new RecipeTensors(tensors, null);
    }

    public NDArray require(String key) {
        NDArray t = tensors.get(key);
        if (t == null) {
            throw new IllegalArgumentException("the recipe needs tensor '" + key + "', which was not given (given: "
                    + tensors.keySet() + ")");
        }
        return t;
    }

    public Map<String, NDArray> asMap() {
        return tensors;
    }

    /** The owning manager, or null for {@link #none()} and {@link #borrowed}. */
    public NDManager owner() {
        return owner;
    }

    public long bytes() {
        return tensors.values().stream().mapToLong(a -> a.size() * a.getDataType().getNumOfBytes()).sum();
    }

    @Override
    public void close() {
        if (owner != null) {
            owner.close();
        }
    }
}
