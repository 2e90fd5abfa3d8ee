package dev.lvlmserve.eval.ablation;

import dev.lvlmserve.bench.scene.SceneRenderer;
import dev.lvlmserve.bench.suite.BenchmarkSuite;
import dev.lvlmserve.bench.suite.Sample;
import dev.lvlmserve.bench.suite.Split;
import dev.lvlmserve.model.generate.GenerationOptions;
import dev.lvlmserve.model.generate.Generator;
import dev.lvlmserve.model.generate.SequenceRequest;
import dev.lvlmserve.model.generate.TokenListener;
import dev.lvlmserve.model.llava.LlavaModel;
import dev.lvlmserve.model.llava.LlavaPipeline;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Samples/s of a model on a fixed set of TEST queries as a user sees it — preprocessing, vision tower, prefill,
 * decode — generating exactly {@code newTokens} tokens per sample: the end-of-sequence token does not stop a row, so
 * a variant whose answers end sooner is not counted as faster. The best of a few repetitions; and the
 * FLOP-proportional ideal for the same prompt and token counts.
 */
public final class SpeedProbe {
    private final List<BufferedImage> images = new ArrayList<>();
    private final List<long[]> prompts = new ArrayList<>();
    private final int batchSize;
    private final int newTokens;
    private double promptTokens;

    public SpeedProbe(LlavaPipeline pipeline, List<BenchmarkSuite> suites, int samples, int batchSize,
            int newTokens) {
        this.batchSize = batchSize;
        this.newTokens = newTokens;
        for (int i = 0; prompts.size() < samples; i++) {
            Sample s = suites.get(i % suites.size()).sample(Split.TEST, i / suites.size());
            images.add(SceneRenderer.render(s.scene()));
            prompts.add(pipeline.promptIds(s.question(), true));
            promptTokens += prompts.getLast().length;
        }
        promptTokens /= prompts.size();
    }

    public double samplesPerSecond(LlavaPipeline pipeline, LlavaModel model, int reps) {
        Generator generator = new Generator(model, Set.of(), pipeline.tokenizer().padId()); // no stop token
        LlavaPipeline p = model == pipeline.model() ? pipeline : pipeline.withModel(model);
        GenerationOptions fixed = GenerationOptions.greedy(newTokens);
        double best = Double.MAX_VALUE;
        for (int r = 0; r < reps; r++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < prompts.size(); i += batchSize) {
                int end = Math.min(prompts.size(), i + batchSize);
                List<float[]> pixels = images.subList(i, end).stream().map(p::pixelValues).toList();
                float[][] features = p.imageFeatures(pixels);
                List<SequenceRequest> batch = new ArrayList<>();
                for (int j = i; j < end; j++) {
                    batch.add(new SequenceRequest(prompts.get(j), features[j - i], fixed));
                }
                generator.generate(batch, TokenListener.NONE);
            }
            best = Math.min(best, (System.nanoTime() - t0) / 1e9);
        }
        return prompts.size() / best;
    }

    /** FLOPs(base) / FLOPs(variant) for an average query of this probe, each layer at its own width. */
    public double idealSpeedup(LlavaModel base, LlavaModel variant) {
        int prompt = (int) Math.round(promptTokens);
        return FlopModel.flops(base.config(), base.layerShapes(), prompt, newTokens)
                / FlopModel.flops(variant.config(), variant.layerShapes(), prompt, newTokens);
    }
}
