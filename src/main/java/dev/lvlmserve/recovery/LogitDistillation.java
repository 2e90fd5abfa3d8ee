package dev.lvlmserve.recovery;

import ai.djl.ndarray.NDArray;
import dev.lvlmserve.model.nn.Scalars;

/**
 * Logit distillation: the forward KL from the teacher's to the student's next-token distribution at temperature T,
 * KL(softmax(t/T) ‖ softmax(s/T)), scaled by T² so its gradients keep their size as T changes (Hinton et al.), and
 * averaged over the weighted positions. The teacher's log-probabilities are computed exactly as the student's, so a
 * student equal to its teacher scores exactly 0.
 */
final class LogitDistillation {
    private LogitDistillation() {}

    /**
     * @param student (B, T, V) logits, in the graph
     * @param teacher (B, T, V) logits, without gradients
     * @param weights (B, T, 1) from {@link PositionWeights}
     */
    static NDArray compute(NDArray student, NDArray teacher, NDArray weights, double temperature) {
        NDArray inverse = Scalars.of((float) (1 / temperature), student);
        NDArray logQ = student.mul(inverse).logSoftmax(-1); // (B, T, V)
        NDArray logP = teacher.mul(inverse).logSoftmax(-1);
        NDArray kl = logP.exp().mul(logP.sub(logQ)).sum(new int[] {-1}, true); // (B, T, 1)
        return kl.mul(weights).sum().mul(Scalars.of((float) (temperature * temperature), student));
    }
}
