package dev.lvlmserve.eval;

import dev.lvlmserve.bench.scene.SceneRenderer;
import dev.lvlmserve.bench.suite.BenchmarkSuite;
import dev.lvlmserve.bench.suite.Sample;
import dev.lvlmserve.bench.suite.Split;
import dev.lvlmserve.model.generate.GenerationOptions;
import dev.lvlmserve.model.generate.TokenListener;
import dev.lvlmserve.model.llava.Answer;
import dev.lvlmserve.model.llava.LlavaPipeline;
import dev.lvlmserve.model.llava.Query;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;

/** Runs built-in benchmark suites against a pipeline with greedy decoding, in batches. */
public final class SuiteEvaluator {
    /** Answers are one word or letter; a few tokens of slack let a wordy model still be parsed. */
    public static final int MAX_NEW_TOKENS = 4;

    private final int batchSize;

    public SuiteEvaluator(int batchSize) {
        this.batchSize = batchSize;
    }

    public SuiteResult evaluate(LlavaPipeline pipeline, BenchmarkSuite suite, Split split, int limit,
            IntConsumer progress) {
        List<Sample> samples = suite.samples(split, limit);
        List<BufferedImage> images = samples.stream().map(s -> SceneRenderer.render(s.scene())).toList();
        List<String> predictions = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < samples.size(); i += batchSize) {
            List<Query> batch = new ArrayList<>();
            for (int j = i; j < Math.min(samples.size(), i + batchSize); j++) {
                batch.add(new Query(images.get(j), samples.get(j).question(),
                        GenerationOptions.greedy(MAX_NEW_TOKENS)));
            }
            for (Answer a : pipeline.answer(batch, TokenListener.NONE)) {
                predictions.add(a.text());
            }
            progress.accept(predictions.size());
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new SuiteResult(suite.score(samples, predictions), samples.size() / seconds, batchSize);
    }

    public List<SuiteResult> evaluateAll(LlavaPipeline pipeline, List<BenchmarkSuite> suites, Split split,
            int limit) {
        List<SuiteResult> out = new ArrayList<>();
        for (BenchmarkSuite s : suites) {
            out.add(evaluate(pipeline, s, split, limit, n -> {}));
        }
        return out;
    }

    /** The plain mean of the suites' headline metrics (0–100). */
    public static double average(List<SuiteResult> results) {
        return results.stream().mapToDouble(r -> r.score().metric()).average().orElse(Double.NaN);
    }
}
