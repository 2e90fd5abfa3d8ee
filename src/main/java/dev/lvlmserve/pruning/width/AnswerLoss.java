package dev.lvlmserve.pruning.width;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.lvlmserve.model.config.VisionConfig;
import dev.lvlmserve.model.generate.ForwardObserver;
import dev.lvlmserve.model.llava.LlavaModel;
import dev.lvlmserve.pruning.calibration.CalibrationSample;
import java.util.Arrays;
import java.util.List;

/**
 * The answer-token cross-entropy of one calibration sample (batch 1, no padding): the positions before each answer
 * token predict it, every other position is unsupervised — transformers' labels with −100 on the prompt. The target is
 * a constant weight tensor built in Java, so under DJL autograd no scalar temporary enters the graph (DESIGN §6).
 */
public final class AnswerLoss {
    private AnswerLoss() {}

    /**
     * {@code weight} × the mean negative log-likelihood of the sample's answer tokens, as a 0-d tensor in the model's
     * manager (the caller's scope owns it).
     *
     * @throws IllegalArgumentException when the sample has no answer
     */
    public static NDArray of(LlavaModel model, CalibrationSample s, double weight) {
        int a = s.answerLength();
        if (a == 0) {
            throw new IllegalArgumentException("calibration sample '" + s.id() + "' has no answer tokens to score "
                    + "(answer-token cross-entropy needs question + answer samples)");
        }
        long[] ids = s.promptIds();
        int t = ids.length;
        NDManager m = model.manager();
        long[][] attention = {new long[t]};
        Arrays.fill(attention[0], 1L);
        NDArray features = null;
        if (s.pixelValues() != null) {
            VisionConfig v = model.config().visionConfig();
            NDArray px = m.create(s.pixelValues(), new Shape(1, v.numChannels(), v.imageSize(), v.imageSize()));
            features = model.imageFeatures(px.toType(model.dtype(), false), ForwardObserver.NONE); // (1, N, D)
        }
        NDArray embeds = model.inputsEmbeds(new long[][] {ids}, features, m); // (1, T, D)
        NDArray hidden = model.languageModel().forward(embeds, attention, null, ForwardObserver.NONE);
        NDArray h = hidden.get(new NDIndex(":, {}:{}, :", t - a - 1, t - 1)); // (1, a, D): predicts the answer
        NDArray logProbs = model.logits(h).toType(DataType.FLOAT32, false).logSoftmax(-1); // (1, a, V)
        int vocab = (int) logProbs.getShape().get(2);
        float[] target = new float[a * vocab];
        for (int i = 0; i < a; i++) {
            target[i * vocab + (int) ids[t - a + i]] = (float) (-weight / a);
        }
        return logProbs.mul(m.create(target, logProbs.getShape())).sum();
    }

    /** The mean over {@code samples} of each sample's mean answer-token NLL, without gradients (the plain twin). */
    public static double mean(LlavaModel model, List<CalibrationSample> samples) {
        double sum = 0;
        for (CalibrationSample s : samples) {
            try (NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                sum += of(model, s, 1.0).toType(DataType.FLOAT64, false).getDouble();
            }
        }
        return sum / samples.size();
    }
}
