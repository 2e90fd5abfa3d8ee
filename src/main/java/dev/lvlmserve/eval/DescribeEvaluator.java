package dev.lvlmserve.eval;

import dev.lvlmserve.bench.scene.Scene;
import dev.lvlmserve.bench.scene.SceneGenerator;
import dev.lvlmserve.bench.scene.SceneRenderer;
import dev.lvlmserve.bench.suite.Captions;
import dev.lvlmserve.bench.suite.Split;
import dev.lvlmserve.model.generate.GenerationOptions;
import dev.lvlmserve.model.generate.TokenListener;
import dev.lvlmserve.model.llava.Answer;
import dev.lvlmserve.model.llava.LlavaPipeline;
import dev.lvlmserve.model.llava.Query;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Scene description, the dense training task ({@link Captions}), scored on TEST-split scenes: the F1 (0–100) of the
 * described objects against the scene's, an object counting only when its cell, size, colour and shape are all
 * right. Not one of the paper's benchmarks — a supplementary measure of how much visual detail a (pruned) model
 * still reads out of the image.
 */
public final class DescribeEvaluator {
    private static final int MAX_TOKENS = 48; // six objects of four words plus separators

    private final int batchSize;

    public DescribeEvaluator(int batchSize) {
        this.batchSize = batchSize;
    }

    public double f1(LlavaPipeline pipeline, int scenes) {
        return f1(pipeline, scenes(Split.TEST, scenes));
    }

    /** F1 on the first {@code n} scenes of {@code split}. */
    public double f1(LlavaPipeline pipeline, Split split, int n) {
        return f1(pipeline, scenes(split, n));
    }

    private double f1(LlavaPipeline pipeline, List<Scene> test) {
        int correct = 0;
        int predicted = 0;
        int truth = 0;
        for (int i = 0; i < test.size(); i += batchSize) {
            List<Scene> chunk = test.subList(i, Math.min(test.size(), i + batchSize));
            List<Query> batch = new ArrayList<>();
            for (Scene s : chunk) {
                batch.add(new Query(SceneRenderer.render(s), Captions.PROMPT, GenerationOptions.greedy(MAX_TOKENS)));
            }
            List<Answer> answers = pipeline.answer(batch, TokenListener.NONE);
            for (int j = 0; j < chunk.size(); j++) {
                Set<String> expected = items(Captions.caption(chunk.get(j)));
                Set<String> got = items(answers.get(j).text());
                truth += expected.size();
                predicted += got.size();
                got.retainAll(expected);
                correct += got.size();
            }
        }
        double p = predicted == 0 ? 0 : (double) correct / predicted;
        double r = truth == 0 ? 0 : (double) correct / truth;
        return p + r == 0 ? 0 : 100 * 2 * p * r / (p + r);
    }

    static Set<String> items(String caption) {
        Set<String> out = new HashSet<>();
        for (String part : caption.split(",")) {
            String item = String.join(" ", Arrays.stream(part.strip().split("\\s+")).filter(w -> !w.isEmpty())
                    .toList());
            if (!item.isEmpty()) {
                out.add(item);
            }
        }
        return out;
    }

    /** The first {@code n} TEST-split scenes of a fixed generator (never trained on). */
    static List<Scene> testScenes(int n) {
        return scenes(Split.TEST, n);
    }

    static List<Scene> scenes(Split split, int n) {
        SceneGenerator g = new SceneGenerator(0x7E57L);
        List<Scene> out = new ArrayList<>();
        while (out.size() < n) {
            Scene s = g.next();
            if (Split.of(s) == split) {
                out.add(s);
            }
        }
        return out;
    }
}
