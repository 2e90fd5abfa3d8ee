package dev.lvlmserve.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.training.GradientCollector;
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

    /** @param trainable which canonical weight keys are trained (all of them for pre-training) */
    public LlavaTrainer(LlavaModel model, Predicate<String> trainable, double weightDecay, long padId) {
        this(model, trainable, weightDecay, padId, 0);
    }

    /** @param auxiliaryWeight weight of the per-patch attribute loss (0 disables it; see {@link CellLabels}) */
    public LlavaTrainer(LlavaModel model, Predicate<String> trainable, double weightDecay, long padId,
            double auxiliaryWeight) {
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
                ? new PatchAuxiliaryLoss(model.config().textConfig().hiddenSize(), auxiliaryWeight, stateOwner)
                : null;
        if (auxiliary != null) {
            params.add(auxiliary.weight());
            decay.add(true);
        }
        this.optimizer = new AdamW(params, decay, 0.9, 0.999, 1e-8, weightDecay, stateOwner);
    }

    /** One optimizer step on {@code batch}; returns the loss. */
    public StepResult step(List<TrainingExample> batch, double lr, double clip) {
        return step(batch, lr, clip, false);
    }

    /** One optimizer step; {@code perSampleLoss} as in {@link CausalLmLoss#compute(NDArray, long[][], NDManager, boolean)}. */
    public StepResult step(List<TrainingExample> batch, double lr, double clip, boolean perSampleLoss) {
        Batches b = Batches.of(batch, padId);
        float loss;
        try (NDScope scope = new NDScope();
                GradientCollector collector = Engine.getEngine("PyTorch").newGradientCollector()) {
            scope.suppressNotUsedWarning();
            NDManager m = model.manager();
            NDArray feats = null;
            if (batch.getFirst().pixelValues() != null) {
                int size = model.config().visionConfig().imageSize();
                NDArray px = Batches.pixels(batch, model.config().visionConfig().numChannels(), size, m);
                feats = model.imageFeatures(px, ForwardObserver.NONE);
            }
            NDArray embeds = model.inputsEmbeds(b.ids(), feats, m);
            NDArray hidden = model.languageModel().forward(embeds, b.attention(), null, ForwardObserver.NONE);
            NDArray lossArray = CausalLmLoss.compute(model.logits(hidden), b.labels(), m, perSampleLoss);
            if (auxiliary != null && feats != null && batch.getFirst().patchLabels() != null) {
                lossArray = lossArray.add(auxiliary.compute(feats, batch, m));
            }
            collector.backward(lossArray);
            loss = lossArray.getFloat();
        }
        double gradNorm = optimizer.step(lr, clip);
        return new StepResult(loss, gradNorm);
    }

    public record StepResult(double loss, double gradNorm) {}

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
