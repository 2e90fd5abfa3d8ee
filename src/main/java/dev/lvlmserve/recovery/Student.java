package dev.lvlmserve.recovery;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.lvlmserve.model.llama.LlamaModel;
import dev.lvlmserve.model.llava.LlavaModel;
import dev.lvlmserve.model.llava.LlavaMultiModalProjector;
import dev.lvlmserve.model.nn.WeightMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The variant as a recovery trains it: the variant's own forward code over a weight map in which every trainable
 * tensor is new — a copy of the projector (all regimes), LoRA adapters on the chosen decoder linears, or copies of
 * every retained decoder tensor — owned by this student's manager. Everything else is still the variant's (and so
 * mostly the base's) and never requires gradients, so nothing another model reads can change.
 *
 * <p>A module that already carries a factored delta (SCP) gets a frozen copy of W + B·A first: the delta keys then
 * hold the adapter, which is the only thing training changes. LoRA's scale s = α/r is folded into B (its learning
 * rate is multiplied by s instead; see {@link dev.lvlmserve.train.AdamW#add(NDArray, boolean, double)}), so the
 * trained adapter is the delta B·A with scale 1.
 */
final class Student implements AutoCloseable {
    /** A trained tensor and how the optimizer treats it. */
    record Parameter(String key, NDArray tensor, boolean decays, double lrScale) {}

    /** A LoRA adapter on one module: A (r, in) and B (out, r) with the scale inside B, in the student's shapes. */
    record Adapter(String module, int rank, NDArray a, NDArray b) {}

    private final NDManager owner;
    private final LlavaModel model;
    private final List<Parameter> parameters;
    private final Map<String, NDArray> copies;
    private final List<Adapter> adapters;

    private Student(NDManager owner, LlavaModel model, List<Parameter> parameters, Map<String, NDArray> copies,
            List<Adapter> adapters) {
        this.owner = owner;
        this.model = model;
        this.parameters = List.copyOf(parameters);
        this.copies = Map.copyOf(copies);
        this.adapters = List.copyOf(adapters);
    }

    /** The trainable student over {@code variant} (which must outlive it); adapters drawn from {@code seed}. */
    static Student of(LlavaModel variant, RecoveryOptions o) {
        NDManager owner = variant.manager().newSubManager();
        try {
            return new Builder(variant, o, owner).build();
        } catch (RuntimeException e) {
            owner.close();
            throw e;
        }
    }

    /** The forward model; it owns nothing (this student does). */
    LlavaModel model() {
        return model;
    }

    List<Parameter> parameters() {
        return parameters;
    }

    /** Trained copies by canonical key, in the student's (possibly narrowed) shapes. */
    Map<String, NDArray> copies() {
        return copies;
    }

    List<Adapter> adapters() {
        return adapters;
    }

    long trainableParameters() {
        return parameters.stream().mapToLong(p -> p.tensor().size()).sum();
    }

    /** Turns gradient tracking off for good (evaluation, the result). */
    void freeze() {
        parameters.forEach(p -> p.tensor().setRequiresGradient(false));
    }

    /** Whether {@code tensor} is one of the tensors this student created. */
    boolean created(NDArray tensor) {
        return tensor.getManager() == owner;
    }

    @Override
    public void close() {
        owner.close();
    }

    private static final class Builder {
        private final LlavaModel variant;
        private final RecoveryOptions o;
        private final NDManager owner;
        private final Map<String, NDArray> weights;
        private final List<Parameter> parameters = new ArrayList<>();
        private final Map<String, NDArray> copies = new LinkedHashMap<>();
        private final List<Adapter> adapters = new ArrayList<>();
        private final SplittableRandom random;

        Builder(LlavaModel variant, RecoveryOptions o, NDManager owner) {
            this.variant = variant;
            this.o = o;
            this.owner = owner;
            this.weights = new LinkedHashMap<>(variant.weights().asMap());
            this.random = new SplittableRandom(o.seed());
        }

        Student build() {
            for (String key : List.copyOf(weights.keySet())) {
                if (key.startsWith(LlavaMultiModalProjector.PREFIX + ".")) {
                    train(key, copy(weights.get(key)));
                }
            }
            for (int layer : variant.languageModel().layerIds()) {
                String prefix = LlamaModel.PREFIX + ".layers." + layer + ".";
                switch (o.regime()) {
                    case PROJECTOR -> { }
                    case LORA -> o.loraTargets().forEach(t -> adapt(prefix + t.path()));
                    case FULL -> List.copyOf(weights.keySet()).stream()
                            .filter(k -> k.startsWith(prefix) && !WeightMap.isDeltaKey(k))
                            .forEach(k -> train(k, k.endsWith(".weight") ? folded(module(k)) : copy(weights.get(k))));
                }
            }
            LlavaModel model = new LlavaModel(variant.config(), new WeightMap(weights),
                    variant.languageModel().layerIds(), owner, List.of());
            return new Student(owner, model, parameters, copies, adapters);
        }

        private void train(String key, NDArray tensor) {
            tensor.setRequiresGradient(true);
            weights.put(key, tensor);
            copies.put(key, tensor);
            parameters.add(new Parameter(key, tensor, tensor.getShape().dimension() >= 2, 1.0));
        }

        /** A LoRA adapter on {@code module}: A uniform in ±1/√in (PEFT's Kaiming init), B zero. */
        private void adapt(String module) {
            NDArray w = weights.get(module + ".weight");
            if (w == null) {
                throw new IllegalStateException("no weight for LoRA target " + module);
            }
            if (weights.containsKey(module + WeightMap.DELTA_A)) {
                weights.put(module + ".weight", folded(module));
            }
            int out = (int) w.getShape().get(0);
            int in = (int) w.getShape().get(1);
            int rank = Math.min(o.loraRank(), Math.min(out, in));
            float bound = (float) (1 / Math.sqrt(in));
            float[] a = new float[rank * in];
            for (int i = 0; i < a.length; i++) {
                a[i] = (float) ((random.nextDouble() * 2 - 1) * bound);
            }
            NDArray aT = owner.create(a, new Shape(rank, in)).toType(w.getDataType(), false);
            NDArray bT = owner.zeros(new Shape(out, rank), w.getDataType());
            aT.setRequiresGradient(true);
            bT.setRequiresGradient(true);
            weights.put(module + WeightMap.DELTA_A, aT);
            weights.put(module + WeightMap.DELTA_B, bT);
            adapters.add(new Adapter(module, rank, aT, bT));
            parameters.add(new Parameter(module + WeightMap.DELTA_A, aT, true, 1.0));
            parameters.add(new Parameter(module + WeightMap.DELTA_B, bT, true, o.loraScale()));
        }

        /** A copy of {@code module}'s weight with its factored delta folded in (and the delta keys dropped). */
        private NDArray folded(String module) {
            NDArray w = weights.get(module + ".weight");
            NDArray a = weights.remove(module + WeightMap.DELTA_A);
            NDArray b = weights.remove(module + WeightMap.DELTA_B);
            if (a == null) {
                return copy(w);
            }
            try (NDArray ba = b.matMul(a)) {
                NDArray sum = w.add(ba);
                sum.attach(owner);
                return sum;
            }
        }

        private NDArray copy(NDArray t) {
            NDArray c = t.duplicate();
            c.attach(owner);
            return c;
        }

        private static String module(String weightKey) {
            return weightKey.substring(0, weightKey.length() - ".weight".length());
        }
    }
}
