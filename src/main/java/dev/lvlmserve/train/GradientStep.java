package dev.lvlmserve.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.training.GradientCollector;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One optimizer step, the part every trainer shares: the loss is built inside an {@link NDScope} and a gradient
 * collector (so every temporary of the forward pass dies with the step), back-propagated, its parts read back as
 * Java numbers, and only then — outside the scope, with gradient mode off again, as DJL requires — the optimizer
 * updates the parameters. DJL allows one collector per JVM at a time, so steps never overlap.
 */
public final class GradientStep {
    private GradientStep() {}

    /** What the forward pass of one step returns: the loss to back-propagate and named parts to log. */
    public record Losses(NDArray total, Map<String, NDArray> parts) {}

    /** Builds the step's loss; runs inside the step's scope, with gradients recorded. */
    @FunctionalInterface
    public interface LossFunction {
        Losses compute();
    }

    /** The step's total loss, the gradient norm before clipping, and every part by name. */
    public record Outcome(double loss, double gradNorm, Map<String, Double> parts) {
        public double part(String name) {
            return parts.getOrDefault(name, 0.0);
        }
    }

    /** Computes the loss, back-propagates it and takes one AdamW step at {@code lr} with global-norm clip. */
    public static Outcome run(AdamW optimizer, double lr, double clip, LossFunction loss) {
        double total;
        Map<String, Double> parts = new LinkedHashMap<>();
        try (NDScope scope = new NDScope();
                GradientCollector collector = Engine.getEngine("PyTorch").newGradientCollector()) {
            scope.suppressNotUsedWarning();
            Losses l = loss.compute();
            collector.backward(l.total());
            total = l.total().getFloat();
            l.parts().forEach((name, value) -> parts.put(name, (double) value.getFloat()));
        }
        double gradNorm = optimizer.step(lr, clip);
        return new Outcome(total, gradNorm, parts);
    }
}
