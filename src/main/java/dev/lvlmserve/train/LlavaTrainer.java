package dev.lvlmserve.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.training.GradientCollector;
import dev.lvlmserve.model.Autograd;
import dev.lvlmserve.model.generate.ForwardObserver;
import dev.lvlmserve.model.llava.LlavaModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Supervised next-token training of a {@link LlavaModel} with DJL autograd: the same forward code that serves
 * requests, with gradients attached to the chosen weights. One collector per JVM at a time (DJL's rule), so one
 * trainer runs at a time.
 */
public final class LlavaTrainer implements AutoCloseable {
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
        float loss;
        float lm;
        float patch = 0;
        float attn = 0;
        try (NDScope scope = new NDScope();
                GradientCollector collector = Engine.getEngine("PyTorch").newGradientCollector()) {
            scope.suppressNotUsedWarning();
            NDManager m = model.manager();
            List<AttentionSupervision> active = attention.stream().filter(a -> a.applies(batch)).toList();
            List<AnswerProbe> probing = probes.stream().filter(p -> p.applies(batch)).toList();
            HeadCapture capture = active.isEmpty() && probing.isEmpty() ? null : new HeadCapture(
                    active.stream().map(AttentionSupervision::layer).collect(java.util.stream.Collectors.toSet()),
                    probing.stream().map(AnswerProbe::layer).collect(java.util.stream.Collectors.toSet()));
            Batches.Forward forward = b.forward(model, batch, capture == null ? ForwardObserver.NONE : capture);
            NDArray feats = forward.imageFeatures();
            NDArray hidden = forward.hidden();
            NDArray lmLoss = CausalLmLoss.compute(model.logits(hidden), b.labels(), m, perSampleLoss);
            NDArray lossArray = lmLoss;
            lm = lmLoss.getFloat();
            NDArray supervision = null; // the probe and attention losses, read back once for the log
            for (AnswerProbe p : probes) {
                if (probing.contains(p)) {
                    NDArray probeLoss = p.compute(capture.state(p.layer()), batch, m);
                    supervision = supervision == null ? probeLoss : supervision.add(probeLoss);
                    lossArray = lossArray.add(probeLoss);
                } else {
                    lossArray = lossArray.add(p.weight().sum().mul(m.create(0f))); // a (zero) gradient to step on
                }
            }
            for (AttentionSupervision a : active) {
                NDArray attentionLoss = a.compute(capture.probs(a.layer()), batch, m);
                supervision = supervision == null ? attentionLoss : supervision.add(attentionLoss);
                lossArray = lossArray.add(attentionLoss);
            }
            attn = supervision == null ? 0 : supervision.getFloat();
            if (auxiliary != null && feats != null && batch.getFirst().patchLabels() != null) {
                NDArray patchLoss = auxiliary.compute(feats, batch, m);
                patch = patchLoss.getFloat();
                lossArray = lossArray.add(patchLoss);
            }
            collector.backward(lossArray);
            loss = lossArray.getFloat();
        }
        double gradNorm = optimizer.step(lr, clip);
        return new StepResult(loss, gradNorm, lm, patch, attn);
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
