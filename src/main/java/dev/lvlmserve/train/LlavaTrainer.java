package dev.lvlmserve.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.lvlmserve.model.Autograd;
import dev.lvlmserve.model.generate.ForwardObserver;
import dev.lvlmserve.model.llava.LlavaModel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Supervised next-token training of a {@link LlavaModel} with DJL autograd: the same forward code that serves
 * requests, with gradients attached to the chosen weights — which must be the model's own: a derived variant shares
 * its base's tensors, and training one of those would silently change the base and every other variant (the
 * recovery engine trains copies and adapters instead). One collector per JVM at a time (DJL's rule), so one trainer
 * runs at a time.
 */
public final class LlavaTrainer implements AutoCloseable {
    private static final String LM = "lm";
    private static final String PATCH = "patch";
    private static final String ATTENTION = "attention";

    private final LlavaModel model;
    private final List<String> keys = new ArrayList<>();
    private final AdamW optimizer;
    private final NDManager stateOwner;
    private final long padId;
    private final PatchAuxiliaryLoss auxiliary; // null when disabled
    private final List<AttentionSupervision> attention = new ArrayList<>();
    private final List<AnswerProbe> probes = new ArrayList<>();

    /** @param trainable which canonical weight keys are trained (all of them for pre-training) */
    public LlavaTrainer(LlavaModel model, Predicate<String> trainable, double weightDecay, long padId) {
        this(model, trainable, weightDecay, padId, 0, null);
    }

    /**
     * @param auxiliaryWeight weight of the per-patch attribute loss (0 disables it; see {@link CellLabels})
     * @param probeWordIds null for the free linear patch probe; else each {@link CellLabels} class's word id (−1 for
     *     "empty"), to score classes with the decoder's own input embeddings (see {@link PatchAuxiliaryLoss})
     */
    public LlavaTrainer(LlavaModel model, Predicate<String> trainable, double weightDecay, long padId,
            double auxiliaryWeight, long[] probeWordIds) {
        Autograd.requireFloat32(model, "training");
        this.model = model;
        this.padId = padId;
        this.stateOwner = model.manager().newSubManager();
        List<NDArray> params = new ArrayList<>();
        List<Boolean> decay = new ArrayList<>();
        for (Map.Entry<String, NDArray> e : model.weights().asMap().entrySet()) {
            if (trainable.test(e.getKey())) {
                if (!model.owns(e.getValue())) {
                    throw new IllegalArgumentException("weight " + e.getKey() + " is shared with another model (the "
                            + "base this variant derives from); training it would change that model too");
                }
                e.getValue().setRequiresGradient(true);
                keys.add(e.getKey());
                params.add(e.getValue());
                decay.add(e.getValue().getShape().dimension() >= 2 && !e.getKey().contains("embed"));
            }
        }
        this.auxiliary = auxiliaryWeight > 0
                ? new PatchAuxiliaryLoss(model.config().textConfig().hiddenSize(), auxiliaryWeight, stateOwner,
                        model.languageModel().embedTokens(), probeWordIds)
                : null;
        if (auxiliary != null) {
            params.add(auxiliary.weight());
            decay.add(true);
        }
        this.optimizer = new AdamW(params, decay, 0.9, 0.999, 1e-8, weightDecay, stateOwner);
    }

    /**
     * Adds the existence {@link AnswerProbe} on {@code layer}'s output. Call before the first step: its weight joins
     * the optimizer here.
     */
    public LlavaTrainer probeAnswer(int layer, double weight) {
        return addProbe(AnswerProbe.existence(layer, weight, model.config().textConfig().hiddenSize(), stateOwner));
    }

    /** Adds the multiple-choice {@link AnswerProbe} on {@code layer}'s output; call before the first step. */
    public LlavaTrainer probeOption(int layer, double weight) {
        return addProbe(AnswerProbe.option(layer, weight, model.config().textConfig().hiddenSize(), stateOwner));
    }

    /** Adds the two content {@link AnswerProbe}s (first and last word) on {@code layer}'s output. */
    public LlavaTrainer probeContent(int layer, double weight) {
        int hidden = model.config().textConfig().hiddenSize();
        int vocabulary = model.config().textConfig().vocabSize();
        addProbe(AnswerProbe.content(layer, weight, hidden, vocabulary, false, stateOwner));
        return addProbe(AnswerProbe.content(layer, weight, hidden, vocabulary, true, stateOwner));
    }

    private LlavaTrainer addProbe(AnswerProbe probe) {
        probes.add(probe);
        optimizer.add(probe.weight(), true);
        return this;
    }

    /** Adds one supervised head; several may be added (each its own layer and head). */
    LlavaTrainer superviseAttention(int layer, int head, double weight, AttentionSupervision.Task task,
            double floor) {
        attention.add(new AttentionSupervision(layer, head, weight, model.config().imageTokenIndex(), task, floor));
        return this;
    }

    /** One optimizer step on {@code batch}; returns the loss. */
    public StepResult step(List<TrainingExample> batch, double lr, double clip) {
        return step(batch, lr, clip, false);
    }

    /**
     * One optimizer step; {@code perSampleLoss} as in
     * {@link CausalLmLoss#compute(NDArray, long[][], NDManager, boolean)}.
     */
    public StepResult step(List<TrainingExample> batch, double lr, double clip, boolean perSampleLoss) {
        Batches b = Batches.of(batch, padId);
        GradientStep.Outcome o = GradientStep.run(optimizer, lr, clip, () -> {
            NDManager m = model.manager();
            List<AttentionSupervision> active = attention.stream().filter(a -> a.applies(batch)).toList();
            List<AnswerProbe> probing = probes.stream().filter(p -> p.applies(batch)).toList();
            HeadCapture capture = active.isEmpty() && probing.isEmpty() ? null : new HeadCapture(
                    active.stream().map(AttentionSupervision::layer).collect(Collectors.toSet()),
                    probing.stream().map(AnswerProbe::layer).collect(Collectors.toSet()));
            Batches.Forward forward = b.forward(model, batch, capture == null ? ForwardObserver.NONE : capture);
            NDArray feats = forward.imageFeatures();
            NDArray lmLoss = CausalLmLoss.compute(model.logits(forward.hidden()), b.labels(), m, perSampleLoss);
            Map<String, NDArray> parts = new LinkedHashMap<>();
            parts.put(LM, lmLoss);
            NDArray total = lmLoss;
            NDArray supervision = null; // the probe and attention losses, logged as one part
            for (AnswerProbe p : probes) {
                if (probing.contains(p)) {
                    NDArray probeLoss = p.compute(capture.state(p.layer()), batch, m);
                    supervision = supervision == null ? probeLoss : supervision.add(probeLoss);
                    total = total.add(probeLoss);
                } else {
                    total = total.add(p.weight().sum().mul(m.create(0f))); // a (zero) gradient to step on
                }
            }
            for (AttentionSupervision a : active) {
                NDArray attentionLoss = a.compute(capture.probs(a.layer()), batch, m);
                supervision = supervision == null ? attentionLoss : supervision.add(attentionLoss);
                total = total.add(attentionLoss);
            }
            if (supervision != null) {
                parts.put(ATTENTION, supervision);
            }
            if (auxiliary != null && feats != null && batch.getFirst().patchLabels() != null) {
                NDArray patchLoss = auxiliary.compute(feats, batch, m);
                parts.put(PATCH, patchLoss);
                total = total.add(patchLoss);
            }
            return new GradientStep.Losses(total, parts);
        });
        return new StepResult(o.loss(), o.gradNorm(), o.part(LM), o.part(PATCH), o.part(ATTENTION));
    }

    /**
     * The total loss and its parts: next-token loss, patch-probe loss, and the attention-supervision plus answer-probe
     * losses (0 when off).
     */
    public record StepResult(double loss, double gradNorm, double lmLoss, double patchLoss, double attentionLoss) {}

    public List<String> trainedKeys() {
        return keys;
    }

    /** Stops gradient tracking (for evaluation in between steps); {@link #reattach()} resumes it. */
    public void detach() {
        for (String k : keys) {
            model.weights().require(k).setRequiresGradient(false);
        }
    }

    public void reattach() {
        for (String k : keys) {
            model.weights().require(k).setRequiresGradient(true);
        }
    }

    /** Detaches gradients so the model serves as a plain inference model again; frees the optimizer state. */
    @Override
    public void close() {
        detach();
        stateOwner.close();
    }
}
