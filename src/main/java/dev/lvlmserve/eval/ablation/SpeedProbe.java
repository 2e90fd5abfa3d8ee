package dev.lvlmserve.eval.ablation;

import dev.lvlmserve.bench.scene.SceneRenderer;
import dev.lvlmserve.bench.suite.BenchmarkSuite;
import dev.lvlmserve.bench.suite.Sample;
import dev.lvlmserve.bench.suite.Split;
import dev.lvlmserve.eval.SuiteEvaluator;
import dev.lvlmserve.model.generate.GenerationOptions;
import dev.lvlmserve.model.generate.TokenListener;
import dev.lvlmserve.model.llava.LlavaModel;
import dev.lvlmserve.model.llava.LlavaPipeline;
import dev.lvlmserve.model.llava.Query;
import java.util.ArrayList;
import java.util.List;

/**
 * Samples/s of a model on a fixed set of TEST queries, as a user sees it (preprocessing, vision, prefill, decode),
 * the best of a few repetitions; and the FLOP-proportional ideal for comparison.
 */
public final class SpeedProbe {
    private final List<Query> queries = new ArrayList<>();
    private final int batchSize;
    private double promptTokens;

    public SpeedProbe(LlavaPipeline pipeline, List<BenchmarkSuite> suites, int samples, int batchSize) {
        this.batchSize = batchSize;
        for (int i = 0; queries.size() < samples; i++) {
            Sample s = suites.get(i % suites.size()).sample(Split.TEST, i / suites.size());
            queries.add(new Query(SceneRenderer.render(s.scene()), s.question(),
                    GenerationOptions.greedy(SuiteEvaluator.MAX_NEW_TOKENS)));
            promptTokens += pipeline.promptIds(s.question(), true).length;
        }
        promptTokens /= queries.size();
    }

    public double samplesPerSecond(LlavaPipeline pipeline, LlavaModel model, int reps) {
        LlavaPipeline p = model == pipeline.model() ? pipeline : pipeline.withModel(model);
        double best = Double.MAX_VALUE;
        for (int r = 0; r < reps; r++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < queries.size(); i += batchSize) {
                p.answer(queries.subList(i, Math.min(queries.size(), i + batchSize)), TokenListener.NONE);
            }
            best = Math.min(best, (System.nanoTime() - t0) / 1e9);
        }
        return queries.size() / best;
    }

    /** FLOPs(base) / FLOPs(variant) for an average query of this probe. */
    public double idealSpeedup(LlavaModel base, LlavaModel variant) {
        int prompt = (int) Math.round(promptTokens);
        int newTokens = 2; // a one-word answer and the end token
        return FlopModel.flops(base.config(), base.languageModel().layers().size(), prompt, newTokens)
                / FlopModel.flops(variant.config(), variant.languageModel().layers().size(), prompt, newTokens);
    }
}
