package dev.lvlmserve.eval.calibration;

import dev.lvlmserve.model.llava.LlavaPipeline;
import dev.lvlmserve.pruning.calibration.CalibrationSample;
import java.util.Arrays;

/** One user turn and the assistant's answer as one id sequence (image positions expanded, no end token). */
final class Conversations {
    private Conversations() {}

    static long[] ids(LlavaPipeline pipeline, String question, String answer) {
        long[] prompt = pipeline.promptIds(question, true);
        long[] target = pipeline.targetIds(answer);
        long[] out = Arrays.copyOf(prompt, prompt.length + target.length - 1);
        System.arraycopy(target, 0, out, prompt.length, target.length - 1);
        return out;
    }

    /** The calibration sample of a conversation: its ids, the image, and how many ids are the answer. */
    static CalibrationSample sample(LlavaPipeline pipeline, String question, String answer, float[] pixels,
            String id) {
        long[] ids = ids(pipeline, question, answer);
        int answerLength = pipeline.targetIds(answer).length - 1;
        return new CalibrationSample(ids, pixels, id, answerLength);
    }
}
