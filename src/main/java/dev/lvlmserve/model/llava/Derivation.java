package dev.lvlmserve.model.llava;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import dev.lvlmserve.model.config.LlavaConfig;
import dev.lvlmserve.model.config.TextConfig;
import dev.lvlmserve.model.llama.LayerShape;
import dev.lvlmserve.model.llama.LlamaDecoderLayer;
import dev.lvlmserve.model.llama.LlamaModel;
import dev.lvlmserve.model.nn.WeightMap;
import dev.lvlmserve.model.recipe.DeltaMode;
import dev.lvlmserve.model.recipe.LayerWidth;
import dev.lvlmserve.model.recipe.LowRankDelta;
import dev.lvlmserve.model.recipe.RecipeTensors;
import dev.lvlmserve.model.recipe.VariantRecipe;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@link LlavaModel#derive}: base model + recipe → variant. Every base tensor the recipe does not touch is shared by
 * reference; sliced tensors, materialized deltas and dtype conversions are allocated in a sub-manager the variant
 * owns, and the variant takes over the recipe tensors' manager. Temporaries die in an {@link NDScope}.
 */
final class Derivation {
    private final LlavaModel base;
    private final VariantRecipe recipe;
    private final RecipeTensors tensors;
    private final int headDim;
    private final Map<Integer, LayerShape> shapes = new LinkedHashMap<>();
    private final Map<String, TensorSlice> slices = new LinkedHashMap<>();
    private final Map<String, List<LowRankDelta>> deltas = new LinkedHashMap<>();

    private Derivation(LlavaModel base, VariantRecipe recipe, RecipeTensors tensors) {
        this.base = base;
        this.recipe = recipe;
        this.tensors = tensors;
        this.headDim = base.config().textConfig().headDim();
        for (LlamaDecoderLayer l : base.languageModel().layers()) {
            shapes.put(l.layerId(), l.shape());
        }
    }

    static LlavaModel derive(LlavaModel base, VariantRecipe recipe, RecipeTensors tensors) {
        return new Derivation(base, recipe, tensors).run();
    }

    private LlavaModel run() {
        check();
        List<Integer> kept = shapes.keySet().stream().filter(id -> !recipe.removedLayers().contains(id)).toList();
        List<NDManager> owned = new ArrayList<>();
        if (tensors.owner() != null) {
            owned.add(tensors.owner());
        }
        if (recipe.isEmpty()) { // bit-identical: the very same tensors and config
            return new LlavaModel(base.config(), base.weights(), kept, base.manager(), owned);
        }
        NDManager own = base.manager().newSubManager();
        owned.addFirst(own);
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            Map<String, NDArray> out = new LinkedHashMap<>();
            Set<String> replaced = new HashSet<>(recipe.replacements());
            Set<Integer> removed = Set.copyOf(recipe.removedLayers());
            for (Map.Entry<String, NDArray> e : base.weights().asMap().entrySet()) {
                String key = e.getKey();
                if (LlamaModel.isLayerKey(key, removed)) {
                    continue;
                }
                NDArray src = replaced.remove(key) ? replacement(key, e.getValue(), own) : e.getValue();
                TensorSlice slice = slices.get(key);
                List<LowRankDelta> ds = deltas.remove(key);
                if (ds != null && recipe.deltaMode() == DeltaMode.MATERIALIZED) {
                    out.put(key, keep(sliced(materialize(src, ds), slice), own));
                } else {
                    out.put(key, slice == null ? src : keep(slice.apply(src), own));
                    if (ds != null) {
                        factors(key, src, ds, slice, own, out);
                    }
                }
            }
            if (!replaced.isEmpty() || !deltas.isEmpty()) {
                replaced.addAll(deltas.keySet());
                throw new IllegalArgumentException("the recipe edits tensors that are not in the retained model: "
                        + replaced);
            }
            return new LlavaModel(config(kept), new WeightMap(out), kept, base.manager(), owned);
        } catch (RuntimeException e) {
            own.close();
            throw e;
        }
    }

    private void check() {
        VariantRecipe.Base b = recipe.base();
        if (b.numLayers() != shapes.size()) {
            throw new IllegalArgumentException("the recipe is for a " + b.numLayers() + "-layer decoder, this model "
                    + "has " + shapes.size() + " layers");
        }
        if (b.fingerprint() != null && !recipe.isEmpty()) {
            String actual = ModelFingerprint.of(base);
            if (!actual.equals(b.fingerprint())) {
                throw new IllegalArgumentException("the recipe was made for base model '" + b.id() + "' ("
                        + b.fingerprint() + "), this model's fingerprint is " + actual);
            }
        }
        if (base.weights().asMap().keySet().stream().anyMatch(WeightMap::isDeltaKey) && !recipe.isEmpty()) {
            throw new IllegalArgumentException("cannot derive from a model that applies factored deltas itself");
        }
        for (int l : recipe.removedLayers()) {
            if (!shapes.containsKey(l)) {
                throw new IllegalArgumentException("layer " + l + " is not in this model (layers " + shapes.keySet()
                        + ")");
            }
        }
        recipe.widths().forEach((layer, w) -> {
            LayerShape s = shapes.get(layer);
            if (s == null) {
                throw new IllegalArgumentException("the recipe narrows layer " + layer + ", which is not in this "
                        + "model");
            }
            w.apply(s); // validates the indices and the grouping
            slices.putAll(TensorSlice.of(s, w, headDim));
        });
        for (LowRankDelta d : recipe.deltas()) {
            deltas.computeIfAbsent(d.target(), k -> new ArrayList<>()).add(d);
        }
        recipe.tensorKeys().forEach(tensors::require);
    }

    private NDArray replacement(String key, NDArray original, NDManager own) {
        NDArray r = tensors.require(key);
        if (!r.getShape().equals(original.getShape())) {
            throw new IllegalArgumentException("replacement " + key + " has shape " + r.getShape() + ", the base's is "
                    + original.getShape());
        }
        return r.getDataType() == original.getDataType() ? r : keep(r.toType(original.getDataType(), false), own);
    }

    /** W + Σ scale·B·A in float64, cast back to W's dtype. */
    private NDArray materialize(NDArray w, List<LowRankDelta> ds) {
        NDArray sum = w.toType(DataType.FLOAT64, false);
        for (LowRankDelta d : ds) {
            NDArray[] f = checkedFactors(d, w);
            NDArray ba = f[1].toType(DataType.FLOAT64, false).matMul(f[0].toType(DataType.FLOAT64, false));
            sum = sum.add(d.scale() == 1 ? ba : ba.mul(d.scale()));
        }
        return sum.toType(w.getDataType(), false);
    }

    /** The factored form: A' = [A_i[:, cols]] stacked by rows, B' = [scale_i·B_i[rows]] side by side. */
    private void factors(String key, NDArray w, List<LowRankDelta> ds, TensorSlice slice, NDManager own,
            Map<String, NDArray> out) {
        String module = key.substring(0, key.length() - ".weight".length());
        NDList as = new NDList();
        NDList bs = new NDList();
        for (LowRankDelta d : ds) {
            NDArray[] f = checkedFactors(d, w);
            NDArray a = f[0].getDataType() == w.getDataType() ? f[0] : f[0].toType(w.getDataType(), false);
            NDArray b = f[1].getDataType() == w.getDataType() ? f[1] : f[1].toType(w.getDataType(), false);
            as.add(slice == null || slice.cols() == null ? a : new TensorSlice(null, slice.cols()).apply(a));
            NDArray bRows = slice == null || slice.rows() == null ? b : new TensorSlice(slice.rows(), null).apply(b);
            bs.add(d.scale() == 1 ? bRows : bRows.mul(d.scale()));
        }
        NDArray a = as.size() == 1 ? as.singletonOrThrow() : NDArrays.concat(as, 0); // (Σk, in)
        NDArray b = bs.size() == 1 ? bs.singletonOrThrow() : NDArrays.concat(bs, 1); // (out, Σk)
        out.put(module + WeightMap.DELTA_A, keepOrShare(a, own));
        out.put(module + WeightMap.DELTA_B, keepOrShare(b, own));
    }

    private NDArray[] checkedFactors(LowRankDelta d, NDArray w) {
        NDArray a = tensors.require(d.aKey());
        NDArray b = tensors.require(d.bKey());
        boolean ok = a.getShape().dimension() == 2 && b.getShape().dimension() == 2 && a.getShape().get(0) == d.rank()
                && b.getShape().get(1) == d.rank() && a.getShape().get(1) == w.getShape().get(1)
                && b.getShape().get(0) == w.getShape().get(0);
        if (!ok) {
            throw new IllegalArgumentException("delta " + d.id() + " (rank " + d.rank() + ") has factors A "
                    + a.getShape() + " and B " + b.getShape() + ", which do not fit " + d.target() + " "
                    + w.getShape());
        }
        return new NDArray[] {a, b};
    }

    /** A recipe tensor used as it is stays with the recipe's manager; anything computed moves to the variant's. */
    private NDArray keepOrShare(NDArray a, NDManager own) {
        for (NDArray t : tensors.asMap().values()) {
            if (t == a) { // identity: NDArray.equals compares contents
                return a;
            }
        }
        return keep(a, own);
    }

    private static NDArray sliced(NDArray a, TensorSlice slice) {
        return slice == null ? a : slice.apply(a);
    }

    private static NDArray keep(NDArray a, NDManager owner) {
        NDScope.unregister(a);
        a.attach(owner);
        return a;
    }

    /**
     * The base config with the layer count of the variant, and — when every retained layer has the same widths — those
     * widths with an explicit head_dim, so a uniformly narrowed variant exports as a standard config.
     */
    private LlavaConfig config(List<Integer> kept) {
        LlavaConfig c = base.config();
        List<LayerShape> after = kept.stream().map(id -> {
            LayerWidth w = recipe.widths().get(id);
            return w == null ? shapes.get(id) : w.apply(shapes.get(id));
        }).toList();
        LayerShape first = after.getFirst();
        TextConfig t = c.textConfig();
        boolean uniform = after.stream().allMatch(first::sameWidths);
        boolean changed = first.heads() != t.numAttentionHeads() || first.kvHeads() != t.numKeyValueHeads()
                || first.intermediate() != t.intermediateSize();
        if (!uniform || !changed) {
            return c;
        }
        return c.withTextConfig(new TextConfig(t.modelType(), t.vocabSize(), t.hiddenSize(), first.intermediate(),
                t.numHiddenLayers(), first.heads(), first.kvHeads(), headDim, t.hiddenAct(),
                t.maxPositionEmbeddings(), t.rmsNormEps(), t.ropeTheta(), t.ropeScalingFactor(), t.attentionBias(),
                t.mlpBias(), t.tieWordEmbeddings(), t.bosTokenId(), t.eosTokenId(), t.padTokenId()));
    }
}
