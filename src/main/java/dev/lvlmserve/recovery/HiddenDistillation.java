package dev.lvlmserve.recovery;

import ai.djl.ndarray.NDArray;
import dev.lvlmserve.model.nn.Scalars;

/**
 * Hidden-state distillation: the mean squared difference between the student's and the teacher's hidden states
 * (B, T, D) over the weighted positions — the mean over D at each position, then the weighted mean of positions
 * ({@code F.mse_loss} restricted to those positions).
 */
final class HiddenDistillation {
    private HiddenDistillation() {}

    /** @param weights (B, T, 1) from {@link PositionWeights} */
    static NDArray compute(NDArray student, NDArray teacher, NDArray weights) {
        long d = student.getShape().get(2);
        NDArray perPosition = student.sub(teacher).square().sum(new int[] {-1}, true); // (B, T, 1)
        return perPosition.mul(weights).sum().mul(Scalars.of(1f / d, student));
    }
}
